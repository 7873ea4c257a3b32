import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  channelMessages,
  type DemoProcess,
  runDemo,
  type StateMessage,
  tempDataDir,
} from './test-support/run-demo.js';

const started: DemoProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const demo of started.splice(0)) if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** What the script makes each app post (the 30-error burst folds into the `/boom` group message). */
const EXPECTED = {
  'alerts-express': [
    'Deployment started: orders-api',
    'GET /boom failed with 500',
    'Job nightly-import failed',
    'GET /boom-async failed with 500',
    'Deployment succeeded: orders-api',
  ],
  'alerts-nest': [
    'Deployment failed: billing',
    'Invoice total out of range',
    'Job reindex failed',
    'Something broke in GET /boom (nest)',
    'Deployment rolled back: billing',
  ],
  'alerts-fastify': ['GET /orders/:id failed with 500', 'GET /payments/:id failed with 503'],
} as const;
type Channel = keyof typeof EXPECTED;
const CHANNELS = Object.keys(EXPECTED) as Channel[];

const idOf = (m: StateMessage): string => m.metadata?.event_payload?.id ?? `no id: ${m.text}`;

/** Starts the demo at 1/10 of Slack's pace with the script, so most messages are still pending when killed. */
async function slowRunThatLeavesMessagesPending(dataDir: string) {
  const demo = runDemo({ DEMO_PORT: '0', DEMO_RATE_SCALE: '0.1', DEMO_DATA_DIR: dataDir }, started);
  const page = (await demo.waitFor(/Slack emulator page:\s+(http:\/\/\S+\/)/))[1] as string;
  // Every request answered: every notification is committed to the SQLite outbox (accepted).
  await demo.waitFor(/Script done: 43 requests/, 60_000);
  return { demo, page };
}

/** Starts the demo again on `dataDir`, without the script, at 20× pace; returns the recovered counts. */
async function restart(dataDir: string) {
  const demo = runDemo(
    { DEMO_PORT: '0', DEMO_RATE_SCALE: '20', DEMO_DATA_DIR: dataDir, DEMO_SCRIPT: 'off' },
    started,
  );
  const page = (await demo.waitFor(/Slack emulator page:\s+(http:\/\/\S+\/)/))[1] as string;
  const m = await demo.waitFor(
    /Recovered (\d+) pending messages? from the outbox \(example-express (\d+), example-nest (\d+), fastify-app (\d+)\)/,
  );
  const recovered: Record<Channel, number> = {
    'alerts-express': Number(m[2]),
    'alerts-nest': Number(m[3]),
    'alerts-fastify': Number(m[4]),
  };
  expect(Number(m[1])).toBe(
    recovered['alerts-express'] + recovered['alerts-nest'] + recovered['alerts-fastify'],
  );
  return { demo, page, recovered };
}

async function waitForCounts(page: string, counts: Record<Channel, number>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const have = await Promise.all(CHANNELS.map(async (c) => (await channelMessages(page, c)).length));
    if (CHANNELS.every((c, i) => (have[i] as number) >= counts[c])) return;
    if (Date.now() > deadline) throw new Error(`expected ${JSON.stringify(counts)}, have ${have.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the demo keeps its outboxes in DEMO_DATA_DIR across runs', () => {
  it('after a SIGKILL with messages pending, the next start delivers each of them once to its emulator', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await slowRunThatLeavesMessagesPending(dataDir);
    const firstRun = Object.fromEntries(
      await Promise.all(CHANNELS.map(async (c) => [c, await channelMessages(first.page, c)] as const)),
    ) as Record<Channel, StateMessage[]>;
    first.demo.child.kill('SIGKILL');
    await first.demo.exited;

    const second = await restart(dataDir);
    expect(second.demo.output()).toMatch(/: sending (it|them) now\./);
    for (const c of CHANNELS) {
      // At 0.1 message per second only the first few of five could go before the kill (the next send was
      // seconds away when the state was read, so nothing went between that read and the kill).
      expect(firstRun[c].length, c).toBeLessThan(EXPECTED[c].length);
      expect(second.recovered[c], c).toBeGreaterThanOrEqual(EXPECTED[c].length - firstRun[c].length);
    }
    await waitForCounts(second.page, second.recovered);
    // A moment more: nothing beyond the recovered messages arrives (no duplicates).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const c of CHANNELS) {
      const secondRun = await channelMessages(second.page, c);
      const ids = secondRun.map(idOf);
      expect(
        ids.every((id) => !id.startsWith('no id')),
        c,
      ).toBe(true);
      expect(new Set(ids).size, `${c}: a message posted twice`).toBe(ids.length);
      expect(secondRun.length, c).toBe(second.recovered[c]);
      // What the first run had delivered is not sent again (at most one send in flight at the kill).
      const firstIds = new Set(firstRun[c].map(idOf));
      expect(ids.filter((id) => firstIds.has(id)).length, c).toBeLessThanOrEqual(1);
      // Every message the first run accepted reached Slack in one run or the other.
      const all = JSON.stringify([...firstRun[c], ...secondRun]);
      for (const needle of EXPECTED[c]) expect(all, `${c} lacks ${needle}`).toContain(needle);
    }
    second.demo.child.kill('SIGINT');
    expect(await second.demo.exited).toBe(0);
    expect(second.demo.output()).toContain('Everything was delivered.');

    // Delivered means acknowledged in the file: a third start finds nothing left.
    const third = await restart(dataDir);
    expect(third.recovered).toEqual({ 'alerts-express': 0, 'alerts-nest': 0, 'alerts-fastify': 0 });
    third.demo.child.kill('SIGINT');
    expect(await third.demo.exited).toBe(0);
  }, 150_000);

  it('a second Ctrl-C quits at once (exit 130) and leaves what is pending for the next start', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await slowRunThatLeavesMessagesPending(dataDir);
    first.demo.child.kill('SIGINT');
    await first.demo.waitFor(/Stopping \(SIGINT\): flushing (\d+) pending/);
    first.demo.child.kill('SIGINT');
    expect(await first.demo.exited).toBe(130);
    const pendingAtStop = Number(/flushing (\d+) pending/.exec(first.demo.output())?.[1]);
    expect(pendingAtStop).toBeGreaterThan(0);

    const second = await restart(dataDir);
    const total = CHANNELS.reduce((sum, c) => sum + second.recovered[c], 0);
    // The flush may have sent one more per channel between the two signals.
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(pendingAtStop);
    await waitForCounts(second.page, second.recovered);
    second.demo.child.kill('SIGINT');
    expect(await second.demo.exited).toBe(0);
    expect(second.demo.output()).toMatch(/example-express: \d+ delivered, \d+ grouped, 0 pending/);
  }, 150_000);
});
