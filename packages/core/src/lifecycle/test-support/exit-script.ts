/**
 * The scripts of scenario 13: a user's file that creates a notifier, notifies N times and then ends in one
 * of the ways a script ends. Written as plain JavaScript (ESM or CommonJS) for a child process.
 */

/** How the script ends after notifying. */
export type Ending =
  /** `await notifier.close(closeMs)`, printing `close-called` / `close-resolved` lines around it. */
  | 'close'
  /** `await notifier.flush(flushMs)`, then the script just ends (no close). */
  | 'flush'
  /** `await Promise.all(receipts.map((r) => r.delivered))`, then the script just ends. */
  | 'receipts'
  /** The script just ends: no close, no await. */
  | 'none'
  /** An uncaught exception right after notifying (no handler). */
  | 'throw';

export interface ExitScript {
  kind: 'esm' | 'cjs';
  ending: Ending;
  n: number;
  /** Channel name, and the prefix of every message text (`<tag>-<i>`). */
  tag: string;
  closeMs?: number;
  flushMs?: number;
  /** More `createNotifier` options (JSON). */
  options?: Record<string, unknown>;
  /** Use a durable store (the memory store flagged durable) that writes what it still holds to this file on close. */
  durableFile?: string;
  /**
   * The 'exit' event writes `Date.now()` and the stats here (a file, so stdout stays as the notifier left
   * it); scripts that do not end with close() also print `exiting <ms>` then.
   */
  exitFile?: string;
}

/**
 * The source of one scenario-13 script. Every line the script or the notifier's logger prints goes to stdout
 * (`log <level> …` for the notifier's), so a test can check that nothing follows `close-resolved`.
 */
export function exitScript(s: ExitScript): string {
  const imports =
    s.kind === 'esm'
      ? "import { createNotifier, createMemoryStore } from '@backend-notifier/core';\nimport { writeFileSync } from 'node:fs';"
      : "const { createNotifier, createMemoryStore } = require('@backend-notifier/core');\nconst { writeFileSync } = require('node:fs');";
  const ending: Record<Ending, string> = {
    close: `
  out('close-called ' + Date.now());
  const ok = await notifier.close(${s.closeMs ?? 5000});
  out('close-resolved ' + Date.now() + ' ' + JSON.stringify({ ok, stats: notifier.stats() }));`,
    flush: `
  const ok = await notifier.flush(${s.flushMs ?? 60_000});
  out('flushed ' + Date.now() + ' ' + JSON.stringify({ ok, stats: notifier.stats() }));`,
    receipts: `
  const outcomes = await Promise.all(receipts.map((r) => r.delivered));
  const byStatus = {};
  for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  out('receipts ' + Date.now() + ' ' + JSON.stringify({ byStatus, stats: notifier.stats() }));`,
    none: `
  out('script-ended ' + Date.now());`,
    throw: `
  setTimeout(() => {
    throw new Error('boom');
  }, 0);`,
  };
  const store = s.durableFile
    ? `
const memory = createMemoryStore({ maxItems: 100000 });
const store = {
  durable: true,
  add: (item) => memory.add(item),
  claim: (channel) => memory.claim(channel),
  ack: (id) => memory.ack(id),
  release: (item) => memory.release(item),
  deadLetter: (item, code) => memory.deadLetter(item, code),
  deadLetters: (limit) => memory.deadLetters(limit),
  channels: () => memory.channels(),
  depth: () => memory.depth(),
  close() {
    const left = [];
    for (const channel of memory.channels()) for (let i = memory.claim(channel); i; i = memory.claim(channel)) left.push(i.notification.text);
    writeFileSync(${JSON.stringify(s.durableFile)}, JSON.stringify(left));
  },
};`
    : 'const store = undefined;';
  const main = `
async function main() {
  for (let i = 0; i < ${s.n}; i++) receipts.push(notifier.notify({ text: '${s.tag}-' + i }));
${ending[s.ending]}
}`;
  return `${imports}
const out = (line) => process.stdout.write(line + '\\n');
const logger = {
  debug() {},
  info() {},
  warn: (m, meta) => out('log warn ' + m + ' ' + JSON.stringify(meta ?? {})),
  error: (m, meta) => out('log error ' + m + ' ' + JSON.stringify(meta ?? {})),
};
${s.exitFile ? `process.on('exit', () => writeFileSync(${JSON.stringify(s.exitFile)}, JSON.stringify({ at: Date.now(), stats: notifier.stats() })));` : ''}
${s.ending === 'close' ? '' : "process.on('exit', () => out('exiting ' + Date.now()));"}
${store}
const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN,
  slackApiUrl: process.env.SLACK_API_URL,
  channel: ${JSON.stringify(s.tag)},
  logger,
  ...(store ? { store } : {}),
  perChannelPerSecond: 500,
  burst: 50,
  workspacePerMinute: 60000,
  ...${JSON.stringify(s.options ?? {})},
});
const receipts = [];
${main}
${s.kind === 'esm' ? 'await main();' : "main().catch((error) => { out('main-failed ' + error); process.exitCode = 1; });"}
`;
}
