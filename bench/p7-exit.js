// P7 exit: a script in a fresh Node process (nothing else keeps it alive) notifies 1, 100 and 1,000 times and
// then ends its way: ours awaits notifier.close(ms) at the top level; the raw SDK fires and forgets its posts
// and the script ends; the webhook transport logs and calls logger.end(). Counted from the Slack side (the
// emulator's messages and request log, in a process of its own), with Slack healthy and with Slack hanging
// (the emulator's `hang` fault: the post is stored, the answer never comes). Slack's rate shape 20x faster.
import { slackShape, startEmulatorProcess } from './lib/emulator.js';
import { sleep } from './lib/measure.js';
import { runScript } from './lib/node-script.js';
import { alternativeRow, oursRows, referenceRow } from './lib/p7-report.js';
import { hookScript, oursScript, rawScript, referenceScript } from './lib/p7-scripts.js';

const SCALE = 20; // Slack's shape 20x faster: chat.postMessage 20/s per channel (burst 3), tiers x20
const RATE = SCALE; // ours is paced at the emulator's scaled rate (Slack's 1/s x SCALE)
const HANG_CLOSE_MS = 2000;
const HANG_WATCH_MS = HANG_CLOSE_MS + 3000; // how long a process is watched after its last call, Slack hanging
const AFTER_CLOSE_MS = 3000; // how long ours is watched after its close() bound, so a late exit is seen
const STARTUP_MS = 10_000; // at most this long for Node to start and reach the script's last call
const here = new URL('.', import.meta.url).pathname;

/** close() bound with Slack healthy (a deadline, not the figure): N posts at RATE, plus 50 % and 3 s. */
const healthyBound = (n) => Math.ceil((1.5 * n) / RATE + 3) * 1000;
/** How long an alternative is watched after its last call, Slack healthy: N posts at RATE, plus 10 % and 3 s. */
const healthyWatch = (n) => Math.ceil((1.1 * n) / RATE + 3) * 1000;
const REFERENCE_RUNS = 5;

export async function run(ctx) {
  const counts = ctx.quick ? [1, 100] : [1, 100, 1000];
  const emu = await startEmulatorProcess(slackShape(SCALE));
  const rows = [];
  try {
    const subjects = ['ours', 'raw', 'hook'];
    const channels = {};
    for (const state of ['healthy', 'hanging'])
      for (const subject of subjects)
        for (const n of counts) {
          const name = `p7-${subject}-${state}-${n}`;
          const c = await emu.control('createChannel', { name, botMember: true });
          channels[name] = { id: c.id, name };
          if (subject === 'hook') channels[name].hook = await emu.control('createWebhook', name);
          if (state === 'hanging')
            await emu.control('addFault', {
              method: subject === 'hook' ? 'incoming-webhook' : 'chat.postMessage',
              channel: name,
              action: { type: 'hang' },
            });
        }
    const since = await emu.lastSeq();

    const start = (subject, state, n, closeMs, altWatchMs) => {
      const watchMs = subject === 'ours' ? closeMs + AFTER_CLOSE_MS : altWatchMs;
      const ch = channels[`p7-${subject}-${state}-${n}`];
      const source = { ours: oursScript, raw: rawScript, hook: hookScript }[subject];
      return runScript({
        dir: here,
        source,
        timeoutMs: STARTUP_MS + watchMs,
        watchMs,
        env: {
          P7_N: String(n),
          P7_TOKEN: emu.botToken,
          P7_API: emu.apiUrl,
          P7_CHANNEL: subject === 'raw' ? ch.id : ch.name,
          P7_HOOK: ch.hook ?? '',
          P7_RATE: String(RATE),
          P7_WORKSPACE_PER_MINUTE: String(120 * SCALE),
          P7_CLOSE_MS: String(closeMs),
        },
      }).then((result) => ({ subject, state, n, closeMs, watchMs, channel: ch, result }));
    };

    const floor = [];
    for (let i = 0; i < REFERENCE_RUNS; i++)
      floor.push(await runScript({ dir: here, source: referenceScript, timeoutMs: 10_000 }));
    rows.push(referenceRow(floor));

    const runs = [];
    // Slack hanging. Ours alone (its close() bound is the figure: no other load from this benchmark), then the
    // alternatives all at once: hanging, they only wait.
    for (const n of counts) runs.push(await start('ours', 'hanging', n, HANG_CLOSE_MS));
    runs.push(
      ...(await Promise.all(
        counts.flatMap((n) => [
          start('raw', 'hanging', n, HANG_CLOSE_MS, HANG_WATCH_MS),
          start('hook', 'hanging', n, HANG_CLOSE_MS, HANG_WATCH_MS),
        ]),
      )),
    );
    // Slack healthy: the three side by side for each N; the alternatives are watched for the time the posts
    // take at RATE plus 10 % and 3 s.
    for (const n of counts) {
      runs.push(
        ...(await Promise.all(subjects.map((s) => start(s, 'healthy', n, healthyBound(n), healthyWatch(n))))),
      );
    }
    await sleep(300); // posts that were on the wire when a process was killed

    const log = await emu.control('requestLog', since);
    for (const r of runs) {
      r.messages = await emu.control('messages', r.channel.id);
      r.requests = log.filter(
        (e) =>
          e.channel === r.channel.id && (e.method === 'chat.postMessage' || e.method === 'incoming-webhook'),
      );
    }
    for (const state of ['healthy', 'hanging']) {
      for (const n of counts)
        rows.push(
          ...oursRows(
            runs.find((r) => r.subject === 'ours' && r.state === state && r.n === n),
            RATE,
          ),
        );
      for (const subject of ['raw', 'hook'])
        rows.push(
          alternativeRow(
            subject,
            state,
            counts,
            runs.filter((r) => r.subject === subject && r.state === state),
          ),
        );
    }
    for (const r of runs)
      if (r.result.stderr.trim())
        ctx.log(
          `${r.subject} ${r.state} ${r.n} stderr: ${/^.*(Error\b|Warning).*$/m.exec(r.result.stderr)?.[0] ?? r.result.stderr.trim().split('\n')[0]}`,
        );
  } finally {
    emu.close();
  }
  return rows;
}
