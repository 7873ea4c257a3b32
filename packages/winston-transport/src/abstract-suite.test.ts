import { createRequire } from 'node:module';
import { createNotifier, type Logger, type Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackTransport } from './slack-transport.js';

/**
 * winston's own `abstract-winston-transport` suite, run under vitest. The suite is written for mocha: it
 * calls global `describe`/`it`/`beforeEach`/`afterEach`/`after` and uses `done` callbacks, which vitest
 * does not support; the shim maps the globals and turns `done` into a promise.
 */
type Done = (error?: unknown) => void;
type MochaFn = (this: unknown, done: Done) => unknown;

function promised(fn: MochaFn): () => unknown {
  if (fn.length === 0) return () => fn.call(undefined, () => undefined);
  return () => new Promise<void>((resolve, reject) => fn.call(undefined, (e) => (e ? reject(e) : resolve())));
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const channel = 'alerts-abstract-suite';
let emu: SlackEmulator;
let notifier: Notifier;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
  notifier = createNotifier({
    token: emu.botToken,
    channel,
    slackApiUrl: emu.apiUrl,
    perChannelPerSecond: 20,
    burst: 5,
    timeoutMs: 2000,
    healthCheckIntervalMs: 0,
    logger: quiet,
  });
});

afterAll(async () => {
  await notifier.close(2000);
  await emu.close();
});

const mochaGlobals = {
  describe: (name: string, fn: () => void) => describe(name, fn),
  it: (name: string, fn: MochaFn) => it(name, promised(fn)),
  beforeEach: (fn: MochaFn) => beforeEach(promised(fn)),
  afterEach: (fn: MochaFn) => afterEach(promised(fn)),
  after: (fn: MochaFn) => afterAll(promised(fn)),
};
Object.assign(globalThis, mochaGlobals);

const abstractSuite = createRequire(import.meta.url)('abstract-winston-transport') as (options: {
  name: string;
  Transport: unknown;
  construct: () => unknown;
}) => void;

abstractSuite({ name: 'SlackTransport', Transport: SlackTransport, construct: () => ({ notifier }) });

describe('after the abstract suite', () => {
  it('delivered what the suite logged (debug entries sent straight to log() are low priority)', async () => {
    expect(await notifier.flush(10_000)).toBe(true);
    // Three `log()` calls in the suite: with and without a callback, and the 'logged' event one.
    expect(notifier.stats().delivered).toBe(3);
    expect(emu.control.messages(channel)).toHaveLength(3);
  });
});
