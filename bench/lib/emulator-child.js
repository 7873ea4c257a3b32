// A Slack emulator in its own process, so its work never counts on the measured process's event loop (and
// so it can be paused with SIGSTOP). Options come as JSON in argv[2]; control calls arrive over IPC and run
// on `emu.control`. It exits when its parent goes away (IPC disconnect).
import { startSlackEmulator } from '@backend-notifier/slack-emulator';

const options = JSON.parse(process.argv[2] ?? '{}');
const emu = await startSlackEmulator({ port: 0, ...options });

/** Counts of the request log since `since` by method and outcome (optionally for one channel id), plus the
 * arrival times of successful posts, without shipping the whole log over IPC. */
function summary({ since = 0, channel, withTimes = false }) {
  const counts = {};
  const okTimes = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const e of emu.control.requestLog(since)) {
    if (channel !== undefined && e.channel !== channel && e.method !== 'incoming-webhook') continue;
    const key = `${e.method} ${e.outcome}`;
    counts[key] = (counts[key] ?? 0) + 1;
    if (e.at < first) first = e.at;
    if (e.doneAt > last) last = e.doneAt;
    if (
      withTimes &&
      e.outcome === 'ok' &&
      (e.method === 'chat.postMessage' || e.method === 'incoming-webhook')
    )
      okTimes.push(e.at);
  }
  return { counts, okTimes, first, last, lastSeq: emu.control.requestLog().at(-1)?.seq ?? 0 };
}

process.on('message', (msg) => {
  if (msg?.type === 'summary') {
    process.send?.({ type: 'reply', id: msg.id, value: summary(msg) });
    return;
  }
  if (msg?.type !== 'call') return;
  try {
    const fn = emu.control[msg.method];
    if (typeof fn !== 'function') throw new Error(`no control method ${msg.method}`);
    const value = fn.apply(emu.control, msg.args ?? []);
    Promise.resolve(value).then(
      (v) => process.send?.({ type: 'reply', id: msg.id, value: v }),
      (e) => process.send?.({ type: 'reply', id: msg.id, error: String(e) }),
    );
  } catch (error) {
    process.send?.({ type: 'reply', id: msg.id, error: String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', apiUrl: emu.apiUrl, url: emu.url, botToken: emu.botToken, port: emu.port });
