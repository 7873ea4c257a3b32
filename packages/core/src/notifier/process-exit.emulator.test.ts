/**
 * The notifier holds the process only while someone waits on it: an idle one lets a script end at once,
 * one whose receipt is awaited keeps it alive until the message is in Slack. Each case is a script file in a
 * child process that nothing else keeps alive, importing the built package, against an emulator in another
 * process (`pnpm test` builds first). The fuller matrix is scenario 13.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, runNode, startEmulatorProcess } from '@backend-notifier/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let emu: EmulatorProcess;

beforeAll(async () => {
  expect(
    existsSync(join(packageDir, 'dist', 'index.js')),
    'build core first (pnpm --filter @backend-notifier/core build)',
  ).toBe(true);
  emu = await startEmulatorProcess({ seed: 'exit', rateLimits: false });
}, 30_000);
afterAll(async () => {
  await emu?.close();
});

const head = `
import { createNotifier } from '@backend-notifier/core';
const silent = { debug() {}, info() {}, warn: (m) => console.log('warn', m), error: (m) => console.log('error', m) };
`;
const create = (channel: string) =>
  `createNotifier({ token: process.env.TOKEN, channel: '${channel}', slackApiUrl: process.env.API, logger: silent })`;

it('an awaited receipt keeps the process alive until the message is in Slack, then it exits by itself', async () => {
  const run = await runNode({
    dir: packageDir,
    source: `${head}const notifier = ${create('exit-check')};\nconsole.log((await notifier.notify('bye').delivered).status);\n`,
    env: { TOKEN: emu.botToken, API: emu.apiUrl },
    timeoutMs: 15_000,
  });
  expect(run.timedOut).toBe(false);
  expect(run.stdout).toBe('delivered\n');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  // The default periodic health check runs every 60 s: exiting well before proves it does not hold the loop.
  expect(run.durationMs).toBeLessThan(10_000);
  expect((await emu.control.messages('exit-check')).map((m) => m.text)).toEqual(['🟢 bye']);
});

it('an idle notifier holds nothing: a script that only creates one ends at once, even with Slack hanging', async () => {
  // Its start-time auth.test never gets an answer: the request in flight must not hold the process.
  await emu.control.addFault({ method: 'auth.test', action: { type: 'hang' } });
  const run = await runNode({
    dir: packageDir,
    source: `${head}${create('exit-idle')};\nconsole.log('created', Date.now());\nprocess.on('exit', () => console.log('exit', Date.now()));\n`,
    env: { TOKEN: emu.botToken, API: emu.apiUrl },
    timeoutMs: 15_000,
  });
  expect(run.code).toBe(0);
  const [created, exited] = run.stdout
    .trim()
    .split('\n')
    .map((l) => Number(l.split(' ')[1]));
  await emu.control.clearFaults();
  // The hung auth.test is in flight on an unref'd socket and holds nothing (a referenced one would keep the
  // process for the Slack timeout, 10 s); what delays the end is libuv's own requests in progress (the TCP
  // connect, the optional OpenTelemetry import reading its files), about 200 ms on a loaded machine.
  expect((exited ?? 0) - (created ?? 0)).toBeLessThan(1000);
  expect(run.timedOut).toBe(false);
  expect(run.stderr).toBe('');
  expect(await emu.control.messages('exit-idle')).toEqual([]);
});
