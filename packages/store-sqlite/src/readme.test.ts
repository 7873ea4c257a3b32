/**
 * The README's programs as a user's processes live them (issue 10, point 9): each TypeScript block is an
 * example file embedded verbatim, type-checked, and run (types stripped) in a child Node process that
 * nothing else keeps alive, against an emulator in another process. Each case asserts the exit code, that
 * the process ended by itself within its bound, which messages Slack holds, and what the file holds after.
 * Runs the built packages (`pnpm test` builds first).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EmulatorProcess,
  readmeSnippets,
  runNode,
  startEmulatorProcess,
  startNode,
  transpileSnippet,
  typecheck,
} from '@backend-notifier/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const snippets = readmeSnippets(join(packageDir, 'README.md'));
const example = (name: string) => readFileSync(join(packageDir, 'examples', name), 'utf8');
/** The examples' deadline (`close(2000)`), plus core's 250 ms and the process's own teardown. */
const DEADLINE_MS = 2000;
const PROCESS_MS = 1500;

let emu: EmulatorProcess;
let runs = 0;
/** The folder a run starts in (its `data/outbox.db` lands there), inside the package so imports resolve. */
let cwd: string;

beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'sqlite-readme' });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.reset();
  cwd = join(packageDir, '.test-scripts', `readme-${process.pid}-${++runs}`);
  mkdirSync(cwd, { recursive: true });
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const env = () => ({ SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl });
const texts = async () => (await emu.control.messages('alerts')).map((m) => m.text ?? '');
/** Rows of the run's file by state (opened after the process is gone). */
const fileCounts = () => {
  const store = createSqliteStore({ path: join(cwd, 'data', 'outbox.db'), pruneIntervalMs: 0 });
  try {
    return store.counts();
  } finally {
    store.close();
  }
};

describe('README', () => {
  it('every TypeScript block is an example file, embedded verbatim; the other block is the install line', () => {
    const ts = snippets.filter((s) => s.lang === 'ts');
    expect(ts.map((s) => s.example)).toEqual(['examples/usage.ts', 'examples/shutdown.ts']);
    for (const s of ts) expect(s.code).toBe(example((s.example ?? '').replace('examples/', '')));
    const other = snippets.filter((s) => s.lang !== 'ts');
    expect(other.map((s) => s.lang)).toEqual(['sh']);
    expect(other[0]?.code).toContain('pnpm add @backend-notifier/core @backend-notifier/store-sqlite');
  });

  it('the examples type-check', async () => {
    expect(await typecheck(join(packageDir, 'examples', 'tsconfig.json'))).toBe('');
  }, 120_000);
});

describe('README programs, run as written', () => {
  it('usage: prints true, delivered, true; exits 0 by itself; the row is sent', async () => {
    const run = await runNode({ dir: cwd, source: transpileSnippet(example('usage.ts')), env: env() });
    console.log(`sqlite README usage: exit ${run.code} after ${Math.round(run.durationMs)} ms`);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['true', 'delivered', 'true']);
    expect(await texts()).toEqual(['🔴 Disk almost full']);
    expect(fileCounts()).toEqual({ waiting: 0, inFlight: 0, sent: 1, dead: 0 });
  }, 60_000);

  it('shutdown: SIGTERM once started ends it with 0 by itself, within the deadline', async () => {
    const child = startNode({ dir: cwd, source: transpileSnippet(example('shutdown.ts')), env: env() });
    for (let i = 0; i < 200 && (await texts()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await texts()).toEqual(['🟢 worker started']);
    const signalledAt = Date.now();
    child.proc.kill('SIGTERM');
    const run = await child.exited;
    const tookMs = Date.now() - signalledAt;
    console.log(`sqlite README shutdown, SIGTERM: exit ${run.code} ${tookMs} ms after the signal`);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(tookMs).toBeLessThan(DEADLINE_MS + PROCESS_MS);
    expect(fileCounts()).toMatchObject({ waiting: 0, inFlight: 0, sent: 1 });
  }, 60_000);

  it('shutdown, Slack hanging: SIGTERM ends it with 0 after the deadline; the message stays in the file', async () => {
    await emu.control.addFault({ method: 'chat.postMessage', action: { type: 'hang' } });
    const child = startNode({ dir: cwd, source: transpileSnippet(example('shutdown.ts')), env: env() });
    // The hang records the post before it stops answering.
    for (let i = 0; i < 200 && (await texts()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const signalledAt = Date.now();
    child.proc.kill('SIGTERM');
    const run = await child.exited;
    const tookMs = Date.now() - signalledAt;
    console.log(
      `sqlite README shutdown, SIGTERM with Slack hanging: exit ${run.code} ${tookMs} ms after the signal`,
    );
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(tookMs).toBeLessThan(DEADLINE_MS + PROCESS_MS);
    expect(tookMs).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
    const counts = fileCounts();
    expect(counts.sent).toBe(0);
    expect(counts.waiting + counts.inFlight).toBe(1);
  }, 60_000);

  it('shutdown: an uncaught exception is posted, then the process exits with 1 by itself', async () => {
    const crash = "\nsetTimeout(() => {\n  throw new Error('worker crashed');\n}, 300);\n";
    const run = await runNode({
      dir: cwd,
      source: transpileSnippet(`${example('shutdown.ts')}${crash}`),
      env: env(),
      timeoutMs: 20_000,
    });
    console.log(
      `sqlite README shutdown, uncaught exception: exit ${run.code} after ${Math.round(run.durationMs)} ms`,
    );
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(1);
    const posted = await texts();
    expect(posted).toHaveLength(2);
    expect(posted[0]).toBe('🟢 worker started');
    expect(JSON.stringify(await emu.control.messages('alerts'))).toContain('worker crashed');
    expect(fileCounts()).toMatchObject({ waiting: 0, inFlight: 0, sent: 2 });
  }, 60_000);
});
