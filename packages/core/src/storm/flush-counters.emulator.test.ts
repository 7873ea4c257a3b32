/**
 * `flush()` sends the storm counters that are due: a script posts an error, repeats it 4 times once the
 * first message is in Slack (so the repeats are counted into it and its `chat.update` is due an interval
 * later), awaits `flush()` and exits with `process.exit(0)` at once. Slack must hold the one message with
 * its ×5 counter: the update went out before `flush()` resolved. A child process that nothing else keeps
 * alive, against an emulator in another process, built package (`pnpm test` builds first).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, runNode, startEmulatorProcess } from '@backend-notifier/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let emu: EmulatorProcess;

beforeAll(async () => {
  expect(existsSync(join(packageDir, 'dist', 'index.js')), 'build core first').toBe(true);
  emu = await startEmulatorProcess({ seed: 'flush-counters', rateLimits: false });
}, 30_000);
afterAll(async () => {
  await emu?.close();
});

const script = (channel: string, ending: string) => `
import { createNotifier } from '@backend-notifier/core';
const out = (line) => process.stdout.write(line + '\\n');
const logger = { debug() {}, info() {}, warn: (m) => out('log warn ' + m), error: (m) => out('log error ' + m) };
const notifier = createNotifier({
  token: process.env.TOKEN, slackApiUrl: process.env.API, channel: '${channel}', logger,
});
const report = () => notifier.notify({ title: 'Import failed', error: new TypeError('disk full on /var/data') });
const first = report();
out('first ' + (await first.delivered).status);
await new Promise((resolve) => setTimeout(resolve, 1500));
const repeats = [1, 2, 3, 4].map(() => report());
out('repeats ' + JSON.stringify((await Promise.all(repeats.map((r) => r.delivered))).map((o) => o.status)));
${ending}
`;

const flushThenExit = `
const started = Date.now();
const ok = await notifier.flush(10000);
out('flushed ' + (Date.now() - started) + ' ' + JSON.stringify({ ok, stats: notifier.stats() }));
process.exit(0);`;

/** No close(), no flush(): the script just ends with the counter due (nothing pending). */
const justEnd = `
process.on('exit', () => out('exit ' + JSON.stringify(notifier.stats())));
out('script-ended');`;

it('flush() resolves after the due storm counter is in Slack (x5), so process.exit() right after loses nothing', async () => {
  const channel = 'flush-counters';
  const run = await runNode({
    dir: packageDir,
    source: script(channel, flushThenExit),
    env: { TOKEN: emu.botToken, API: emu.apiUrl },
    timeoutMs: 30_000,
  });
  expect(run.timedOut).toBe(false);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines.slice(0, 2)).toEqual([
    'first delivered',
    `repeats ${JSON.stringify(['grouped', 'grouped', 'grouped', 'grouped'])}`,
  ]);
  const flushed = lines[2] ?? '';
  expect(flushed).toMatch(/^flushed \d+ /);
  const [, ms, ...json] = flushed.split(' ');
  const { ok, stats } = JSON.parse(json.join(' ')) as {
    ok: boolean;
    stats: Record<'accepted' | 'delivered' | 'pending' | 'deadLettered' | 'dropped' | 'grouped', number>;
  };
  expect(ok).toBe(true);
  expect(stats).toMatchObject({ accepted: 5, delivered: 1, pending: 0, grouped: 4, dropped: 0 });
  expect(stats.accepted).toBe(
    stats.delivered + stats.pending + stats.deadLettered + stats.dropped + stats.grouped,
  );
  // Nothing went wrong, so the notifier had nothing to say.
  expect(lines.slice(3)).toEqual([]);
  // Slack holds one message, updated with the counter of all five.
  const messages = await emu.control.messages(channel);
  expect(messages).toHaveLength(1);
  expect(messages[0]?.text).toContain('×5');
  const updates = (await emu.control.requests()).filter(
    (r) => r.method === 'chat.update' && r.outcome === 'ok',
  );
  expect(updates).toHaveLength(1);
  // Well within the grouping interval (30 s): the counter was sent at once, not when its timer was due.
  expect(Number(ms)).toBeLessThan(5000);
  console.log(`flush() with a due storm counter resolved after ${ms} ms; Slack shows ×5 (1 chat.update)`);
}, 40_000);

it('a script that just ends with a counter due (nothing pending): the exit handling sends it (x5), exit 0', async () => {
  const channel = 'exit-counters';
  const run = await runNode({
    dir: packageDir,
    source: script(channel, justEnd),
    env: { TOKEN: emu.botToken, API: emu.apiUrl },
    timeoutMs: 30_000,
  });
  expect(run.timedOut).toBe(false);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines.slice(2, 3)).toEqual(['script-ended']);
  const exit = lines.find((l) => l.startsWith('exit ')) ?? '';
  expect(JSON.parse(exit.slice(5))).toMatchObject({ accepted: 5, delivered: 1, pending: 0, grouped: 4 });
  expect(lines.filter((l) => l.startsWith('log '))).toEqual([]);
  const messages = await emu.control.messages(channel);
  expect(messages).toHaveLength(1);
  expect(messages[0]?.text).toContain('×5');
}, 40_000);
