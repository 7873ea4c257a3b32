/**
 * `start()` has an overall bound (`startTimeoutMs`): with Slack hanging it rejects with
 * `NotifierError('unreachable')` (`details.reason: 'start_timeout'`) by then, not after the Slack client's
 * timeout, so an app that awaits it on boot (Nest's module does) boots in bounded time. The notifier keeps
 * its queue and start goes on in the background: once Slack answers, the queued messages are delivered.
 * A script in a child process that nothing else keeps alive, against an emulator in another process.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countIds,
  type EmulatorProcess,
  startEmulatorProcess,
  startNode,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let emu: EmulatorProcess;

beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'start-timeout', rateLimits: false });
}, 30_000);
afterAll(async () => {
  await emu?.close();
});

const START_TIMEOUT_MS = 1000;
/** The Slack client's timeout: far above the start bound, as 10 s is above the default 5 s. */
const CLIENT_TIMEOUT_MS = 4000;

const script = (channel: string) => `
import { createNotifier } from '@backend-notifier/core';
const out = (line) => process.stdout.write(line + '\\n');
const logger = { debug() {}, info() {}, warn: (m) => out('log warn ' + m), error: (m) => out('log error ' + m) };
const notifier = createNotifier({
  token: process.env.TOKEN, slackApiUrl: process.env.API, channel: '${channel}', logger,
  autoStart: false, timeoutMs: ${CLIENT_TIMEOUT_MS}, startTimeoutMs: ${START_TIMEOUT_MS},
});
notifier.notify('${channel}-0');
notifier.notify('${channel}-1');
const t0 = Date.now();
try {
  await notifier.start();
  out('started ' + (Date.now() - t0));
} catch (error) {
  out('start-rejected ' + (Date.now() - t0) + ' ' + JSON.stringify({ name: error.name, code: error.code, details: error.details, message: error.message }));
}
const ok = await notifier.flush(20000);
out('flushed ' + (Date.now() - t0) + ' ' + JSON.stringify({ ok, stats: notifier.stats() }));
await notifier.close(1000);
`;

it('Slack hanging at start: start() rejects within startTimeoutMs, and the queue is delivered once Slack answers', async () => {
  const channel = 'start-timeout';
  // Every Web API call hangs while start runs (auth.test first).
  const fault = await emu.control.addFault({ method: '*', action: { type: 'hang' } });
  const child = startNode({
    dir: packageDir,
    source: script(channel),
    env: { TOKEN: emu.botToken, API: emu.apiUrl },
    timeoutMs: 30_000,
  });
  const rejected = await child.waitForLine(/^(start-rejected|started) /, 20_000);
  // Slack answers again (the hung auth.test stays hung until the client gives up on it).
  await emu.control.clearFaults();
  const done = await child.exited;
  expect(fault).toBeTruthy();
  expect(done.timedOut).toBe(false);
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  const [word, ms, ...json] = rejected.split(' ');
  expect(word).toBe('start-rejected');
  const error = JSON.parse(json.join(' '));
  expect(error).toMatchObject({
    name: 'NotifierError',
    code: 'unreachable',
    details: { reason: 'start_timeout', timeoutMs: START_TIMEOUT_MS },
  });
  expect(error.message).toContain(`${START_TIMEOUT_MS} ms`);
  // Within the bound plus a margin for a loaded machine; far below the client's timeout.
  expect(Number(ms)).toBeGreaterThanOrEqual(START_TIMEOUT_MS);
  expect(Number(ms)).toBeLessThanOrEqual(START_TIMEOUT_MS + 250);
  // The run start() gave up on failed later (the hung auth.test timed out): said once, without the token.
  expect(done.stdout.split('\n').filter((l) => l.startsWith('log '))).toEqual([
    'log error notifier start failed: Could not check the Slack token: no answer from Slack before the timeout.',
  ]);
  const flushed = done.stdout.split('\n').find((l) => l.startsWith('flushed ')) ?? '';
  const [, flushedMs, ...flushJson] = flushed.split(' ');
  const { ok, stats } = JSON.parse(flushJson.join(' '));
  expect(ok).toBe(true);
  expect(stats).toMatchObject({ accepted: 2, delivered: 2, pending: 0, dropped: 0 });
  // Delivered after the hung auth.test gave up (the client's timeout): start went on in the background.
  expect(Number(flushedMs)).toBeGreaterThanOrEqual(CLIENT_TIMEOUT_MS);
  const slack = countIds(await emu.control.messages(channel), new RegExp(`${channel}-(\\d+)`));
  expect([...slack.entries()].sort()).toEqual([
    ['0', 1],
    ['1', 1],
  ]);
  console.log(
    `start() with Slack hanging: rejected after ${ms} ms (startTimeoutMs ${START_TIMEOUT_MS}); the 2 queued messages delivered ${flushedMs} ms after start()`,
  );
}, 40_000);
