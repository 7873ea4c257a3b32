import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import type { TestRedis } from './redis-server.js';
import { type Replica, type ReplicaConfig, startReplica } from './replicas.js';

/** An emulator, a Redis, and replicas of an app sharing them (channels `<prefix>-a` and `<prefix>-b`). */
export interface Cluster {
  emu: SlackEmulator;
  replicas: Replica[];
  channelA: string;
  channelB: string;
  /** Message uids posted to a channel so far (one entry per post, duplicates included). */
  posted(channel: string): string[];
  /** Sends `count` messages spread over the live replicas; returns the uids and every notify() duration. */
  burst(uids: { route: 'a' | 'b'; uid: string }[], on?: Replica[]): Promise<number[]>;
  stop(): Promise<void>;
}

const uidOf = (text: string | undefined): string | undefined => /message (u[\w-]+)/.exec(text ?? '')?.[1];

/** Polls `check` every 50 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Starts the emulator (postMessage refused under 0.95 / rate: the scenarios' tolerance) and the replicas. */
export async function startCluster(
  redis: TestRedis,
  options: {
    prefix: string;
    rate: number;
    replicas: number;
    emulatorToken?: string;
  } & Partial<ReplicaConfig>,
): Promise<Cluster> {
  const { prefix, rate, replicas: count, emulatorToken, ...rest } = options;
  const emu = await startSlackEmulator({
    port: 0,
    rateLimits: {
      postMessage: { perSecond: rate / 0.95, burst: 1 },
      tiers: { t1: 600, t2: 600, t3: 600, t4: 600 },
    },
    ...(emulatorToken ? { workspace: { botToken: emulatorToken } } : {}),
  });
  const channelA = `${prefix}-a`;
  const channelB = `${prefix}-b`;
  const replicas = await Promise.all(
    Array.from({ length: count }, () =>
      startReplica({
        apiUrl: emu.apiUrl,
        token: emu.botToken,
        redisUrl: redis.url,
        prefix,
        channelA,
        channelB,
        perChannelPerSecond: rate,
        burst: 1,
        workspacePerMinute: 60 * rate * 4,
        ...rest,
      }),
    ),
  );
  return {
    emu,
    replicas,
    channelA,
    channelB,
    posted: (channel) =>
      emu.control
        .messages(channel)
        .map((m) => uidOf(m.text))
        .filter((u): u is string => u !== undefined),
    burst: async (uids, on) => {
      const live = (on ?? replicas).filter((r) => r.child.exitCode === null && r.child.signalCode === null);
      const batches = live.map(() => [] as { route: string | undefined; uid: string }[]);
      for (const [i, { route, uid }] of uids.entries()) {
        batches[i % live.length]?.push({ route: route === 'b' ? 'b' : undefined, uid });
      }
      const res = await Promise.all(
        live.map((r, i) => r.call<{ durations: number[] }>('notify', { batch: batches[i] })),
      );
      return res.flatMap((r) => r.durations);
    },
    stop: async () => {
      for (const r of replicas) r.kill();
      await emu.close();
    },
  };
}

/** The p-th percentile (0–100) of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
