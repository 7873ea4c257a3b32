import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../queue/memory-store.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { OutboxStore } from '../types.js';
import { createNotifierWith } from './create-notifier.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('auth trial (fake clock)', () => {
  it('after one auth failure only one channel calls Slack at a time, so the circuit opens within the threshold', async () => {
    const clock = createFakeClock();
    const gw = new FakeGateway(clock);
    const routes = { b: 'b', c: 'c', d: 'd' };
    const notifier = createNotifierWith(
      {
        token: 'xoxb-unit',
        channel: 'a',
        routes,
        clock,
        logger: silent,
        autoStart: false,
        healthCheckIntervalMs: 0,
        workspacePerMinute: 6000,
        circuit: { failureThreshold: 3 },
      },
      { gateway: gw, random: () => 0 },
    );
    await notifier.start();
    // Each call takes 50 ms (of fake time): time enough for all four channels to want to send at once.
    gw.latencyMs = 50;
    const t0 = clock.now();
    gw.script = (c) => (c.method === 'chat.postMessage' ? { kind: 'auth', code: 'invalid_auth' } : undefined);
    notifier.notify('first');
    await clock.advance(500);
    for (const channel of ['b', 'c', 'd']) notifier.notify({ text: channel, channel });
    await clock.advance(10_000);
    const posts = gw.posts().filter((c) => c.at >= t0);
    // One failure made auth suspect: the next calls go one at a time, and the third failure opens the circuit.
    expect(posts).toHaveLength(3);
    for (let i = 1; i < posts.length; i++)
      expect((posts[i]?.at ?? 0) - (posts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(50);
    expect(notifier.stats()).toMatchObject({ pending: 4, deadLettered: 0 });
  });
});

describe('cross-process coordination hooks', () => {
  it('asks store.reserve before each post and honours its wait; shares a 429 pause through store.pause', async () => {
    const clock = createFakeClock();
    const gw = new FakeGateway(clock);
    const memory = createMemoryStore();
    const reserved: number[] = [];
    const paused: { channel: string; untilMs: number }[] = [];
    const store: OutboxStore = {
      add: memory.add.bind(memory),
      claim: memory.claim.bind(memory),
      ack: memory.ack.bind(memory),
      release: memory.release.bind(memory),
      deadLetter: memory.deadLetter.bind(memory),
      deadLetters: memory.deadLetters.bind(memory),
      channels: memory.channels.bind(memory),
      depth: memory.depth.bind(memory),
      // Another replica holds the channel: every send here waits 300 ms for its slot.
      reserve: (_channel, intervalMs, now) => {
        reserved.push(now);
        expect(intervalMs).toBe(100);
        return 300;
      },
      pause: (channel, untilMs) => {
        paused.push({ channel, untilMs });
      },
    };
    const notifier = createNotifierWith(
      {
        token: 'xoxb-unit',
        channel: 'a',
        clock,
        logger: silent,
        autoStart: false,
        healthCheckIntervalMs: 0,
        store,
        perChannelPerSecond: 10,
        workspacePerMinute: 6000,
      },
      { gateway: gw },
    );
    await notifier.start();
    const t0 = clock.now();
    let limited = 1;
    gw.script = (c) =>
      c.method === 'chat.postMessage' && limited-- > 0
        ? { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: 2000 }
        : undefined;
    const r = [notifier.notify('one'), notifier.notify('two')];
    await clock.advance(10_000);
    for (const x of r) expect((await x.delivered).status).toBe('delivered');
    const posts = gw.posts().map((c) => c.at - t0);
    expect(posts[0]).toBe(300);
    expect(paused).toEqual([{ channel: 'a', untilMs: t0 + 300 + 2000 }]);
    expect(posts[1]).toBeGreaterThanOrEqual(300 + 2000 + 300);
    expect(reserved.length).toBe(3);
  });
});

describe('ambiguous look-up failures (fake clock)', () => {
  it('does not re-post while the history look-up itself fails; posts once it answers "not found" at the end of the grace', async () => {
    const clock = createFakeClock();
    const gw = new FakeGateway(clock);
    const notifier = createNotifierWith(
      {
        token: 'xoxb-unit',
        channel: 'a',
        clock,
        logger: silent,
        autoStart: false,
        healthCheckIntervalMs: 0,
        retry: { backoff: { baseMs: 100, jitter: 'none' } },
      },
      { gateway: gw },
    );
    await notifier.start();
    let timeouts = 1;
    let historyDown = 2;
    gw.script = (c) => {
      if (c.method === 'chat.postMessage' && timeouts-- > 0) return { kind: 'ambiguous', code: 'timeout' };
      if (c.method === 'findPosted' && historyDown-- > 0) return { kind: 'transient', code: 'http_503' };
      return undefined;
    };
    const r = notifier.notify('x');
    await clock.advance(10_000);
    expect(await r.delivered).toMatchObject({ status: 'delivered' });
    // post (timeout) → look-up 503 → look-up 503 → look-up "not there" (Slack may still be storing it) →
    // look-up "not there" at the end of the grace (timeoutMs after the timeout) → post.
    expect(
      gw.calls
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'findPosted')
        .map((c) => c.method),
    ).toEqual([
      'chat.postMessage',
      'findPosted',
      'findPosted',
      'findPosted',
      'findPosted',
      'chat.postMessage',
    ]);
  });
});

describe('auth suspicion is cleared by a success (fake clock)', () => {
  it('two auth failures separated by a delivery do not open a circuit with threshold 2', async () => {
    const clock = createFakeClock();
    const gw = new FakeGateway(clock);
    const notifier = createNotifierWith(
      {
        token: 'xoxb-unit',
        channel: 'a',
        clock,
        logger: silent,
        autoStart: false,
        healthCheckIntervalMs: 0,
        circuit: { failureThreshold: 2 },
      },
      { gateway: gw, random: () => 0 },
    );
    await notifier.start();
    const script = ['auth', 'ok', 'auth', 'ok', 'ok'];
    gw.script = (c) =>
      c.method === 'chat.postMessage' && script.shift() === 'auth'
        ? { kind: 'auth', code: 'invalid_auth' }
        : undefined;
    const r = [notifier.notify('one'), notifier.notify('two'), notifier.notify('three')];
    await clock.advance(10_000);
    for (const x of r) expect((await x.delivered).status).toBe('delivered');
    expect(gw.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
    const circuit = (await notifier.health()).checks.find((c) => c.name === 'circuit');
    expect(circuit).toMatchObject({ status: 'ok', value: 'closed' });
  });
});
