/**
 * The notifier never keeps a process alive: all its timers are unref'd. A child process that notifies and
 * then simply ends its script must exit on its own, with the message delivered, without calling close().
 * Runs the built package (`pnpm test` builds first), as a user's app would.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'exit', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

it('a process that notifies exits by itself once the script ends (timers unref’d)', async () => {
  expect(
    existsSync(join(packageDir, 'dist', 'index.js')),
    'build core first (pnpm --filter @backend-notifier/core build)',
  ).toBe(true);
  const script = `
    import { createNotifier } from '@backend-notifier/core';
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const notifier = createNotifier({ token: process.env.TOKEN, channel: 'exit-check', slackApiUrl: process.env.API, logger: silent });
    const outcome = await notifier.notify('bye').delivered;
    console.log(outcome.status);
  `;
  const started = Date.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: packageDir,
    env: { ...process.env, TOKEN: emu.botToken, API: emu.apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (c) => {
      clearTimeout(killer);
      resolve(c);
    });
  });
  expect(out.trim()).toBe('delivered');
  expect(code).toBe(0);
  // The default periodic health check runs every 60 s: exiting well before proves it does not hold the loop.
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(emu.control.messages('exit-check')).toHaveLength(1);
}, 20_000);
