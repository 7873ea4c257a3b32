/**
 * Several replicas of `node dist/main.js` against one Redis (`REDIS_URL`, the one flag) and one Slack
 * emulator: each error reaches Slack once whichever replica saw it, and the channel's pace holds across all
 * replicas together (checked on the emulator's server-side request log; the emulator itself answers 429 to
 * any gap under 0.95 / rate).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import {
  type NodeProcess,
  type RedisServer,
  requireBinary,
  startNodeFile,
  startRedisServer,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// redis-server is a system package (`.ci/run` installs it): without it this file skips and says why,
// and under CI=true it fails instead.
const noRedis = requireBinary('redis-server');

const RATE = 5;
const INTERVAL = 1000 / RATE;
const CHANNEL = 'replicas';
const JOBS = ['ledger', 'mailer', 'search', 'thumbs', 'export', 'archive'];
const DEPLOYS_PER_REPLICA = 4;

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const LISTENING = /listening on (http:\/\/\S+\/)/;

let emu: SlackEmulator;
let redis: RedisServer & { password: string };
const replicas: Array<{ child: NodeProcess; url: string }> = [];

beforeAll(async () => {
  emu = await startSlackEmulator({
    port: 0,
    rateLimits: {
      postMessage: { perSecond: RATE / 0.95, burst: 1 },
      tiers: { t1: 600, t2: 600, t3: 600, t4: 600 },
    },
  });
  // A password is required (`requirepass`), as in production, so the test can check it is never logged.
  const password = `pw-${randomUUID()}`;
  redis = { ...(await startRedisServer({ password })), password };
  // `node dist/main.js`, with none of the runner's SLACK_*, REDIS_URL or OUTBOX_PATH.
  const started = Array.from({ length: 3 }, () =>
    startNodeFile(MAIN, {
      unsetEnv: /^(SLACK_.*|REDIS_URL|OUTBOX_PATH)$/,
      env: {
        PORT: '0',
        REDIS_URL: redis.url,
        SLACK_API_URL: emu.apiUrl,
        SLACK_BOT_TOKEN: emu.botToken,
        SLACK_CHANNEL: CHANNEL,
        NOTIFIER_PER_CHANNEL_PER_SECOND: String(RATE),
      },
      timeoutMs: 300_000,
    }),
  );
  for (const child of started) {
    const line = await child.waitForLine(LISTENING, 30_000);
    replicas.push({ child, url: LISTENING.exec(line)?.[1] as string });
  }
}, 60_000);

afterAll(async () => {
  for (const r of replicas) r.child.proc.kill('SIGKILL');
  await Promise.all(replicas.map((r) => r.child.exited));
  await emu?.close();
  await redis?.stop();
});

describe.skipIf(noRedis)('example-express as 3 replicas with REDIS_URL', () => {
  it('logs the outbox as "redis" and reports the store in health, never the URL or its password', async () => {
    for (const r of replicas) {
      await r.child.waitForLine(/outbox: redis/, 30_000);
      expect(r.child.stdout() + r.child.stderr()).not.toContain(redis.password);
      // The health route reports the store without its address.
      const health = await (await fetch(new URL('health/slack', r.url))).text();
      expect(health).toContain('"name":"store"');
      expect(health).not.toContain(redis.password);
    }
  });

  it('posts each error once whichever replica saw it, paced across all replicas', async () => {
    const requests: Array<Promise<number>> = [];
    const hit = (url: URL, init?: RequestInit) => {
      const answered = fetch(url, init).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      });
      requests.push(answered);
    };
    replicas.forEach((r, i) => {
      // The same failure on every replica: one message (the others count into its group).
      hit(new URL('boom', r.url));
      // Distinct failures, two per replica, logged by background jobs.
      for (const job of JOBS.slice(2 * i, 2 * i + 2))
        hit(new URL(`jobs/${job}/run`, r.url), { method: 'POST' });
      for (let k = 0; k < DEPLOYS_PER_REPLICA; k++) {
        hit(new URL('deploy', r.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ service: 'orders-api', version: `7.${i}.${k}` }),
        });
      }
    });
    const statuses = await Promise.all(requests);
    expect(statuses.filter((s) => s === 500)).toHaveLength(3);
    expect(statuses.filter((s) => s === 202)).toHaveLength(3 * 2 + 3 * DEPLOYS_PER_REPLICA);

    const expected = 1 + JOBS.length + 3 * DEPLOYS_PER_REPLICA;
    const deadline = Date.now() + 45_000;
    while (emu.control.messages(CHANNEL).length < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A little longer: a duplicate would show up now.
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL + 1000));
    // The headline of each message (a version like 7.2.0 can also occur in a stack trace's paths).
    const messages = emu.control.messages(CHANNEL).map((m) => m.text);
    const count = (needle: string) => messages.filter((m) => m.includes(needle)).length;
    expect(count('GET /boom failed with 500')).toBe(1);
    for (const job of JOBS) expect(count(`Job ${job} failed`), job).toBe(1);
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < DEPLOYS_PER_REPLICA; k++)
        expect(count(`orders-api 7.${i}.${k} `), `7.${i}.${k}`).toBe(1);
    }
    expect(messages).toHaveLength(expected);

    const channelId = emu.control.channel(CHANNEL)?.id;
    const posts = emu.control
      .requestLog()
      .filter((e) => e.method === 'chat.postMessage' && e.channel === channelId);
    // Slack (the emulator) never had to refuse one, and saw every gap ≥ 0.95 / rate.
    expect(posts.filter((e) => e.outcome !== 'ok').map((e) => e.outcome)).toEqual([]);
    expect(posts).toHaveLength(expected);
    const at = posts.map((e) => e.at).sort((a, b) => a - b);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0.95 * INTERVAL);
    if (process.env['REPLICAS_REPORT']) {
      console.log(`min gap ${Math.min(...gaps)} ms, span ${(at.at(-1) as number) - (at[0] as number)} ms`);
    }
    // And the replicas together still went about as fast as the rate allows (no long stall).
    expect((at.at(-1) as number) - (at[0] as number)).toBeLessThan((expected - 1) * INTERVAL * 2 + 2000);
  }, 90_000);
});
