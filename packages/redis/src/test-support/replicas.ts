import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./replica.mjs', import.meta.url));

/** What a replica child is started with (see replica.mjs). */
export interface ReplicaConfig {
  apiUrl: string;
  token: string;
  redisUrl: string;
  prefix: string;
  channelA: string;
  channelB: string;
  perChannelPerSecond: number;
  burst?: number;
  workspacePerMinute?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  healthCheckIntervalMs?: number;
  commandTimeoutMs?: number;
  sendTimeoutMs?: number;
  strictSpacing?: boolean;
  timeoutMs?: number;
  maxItems?: number;
  lossGraceMs?: number;
  /** Keep every receipt's outcome (the `outcomes` call). */
  trackReceipts?: boolean;
}

/** A replica child process and a small RPC over its IPC channel. */
export interface Replica {
  child: ChildProcess;
  /** Everything the child wrote to stdout and stderr. */
  output(): string;
  /** Store health changes the child reported, with the time it saw them. */
  healthEvents: { health: { status: string; redis: string; spooled: number }; at: number }[];
  call<T = unknown>(type: string, payload?: Record<string, unknown>): Promise<T>;
  kill(): void;
}

let nextId = 0;

/** Forks a replica running the built core and store; resolves once its notifier has started. */
export async function startReplica(config: ReplicaConfig): Promise<Replica> {
  const child = fork(SCRIPT, [JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const healthEvents: Replica['healthEvents'] = [];
  let ready!: (error?: string) => void;
  const started = new Promise<string | undefined>((resolve) => {
    ready = resolve;
  });
  type Msg = { type: string; id?: number; value?: unknown; error?: string; at?: number };
  child.on('message', (msg: Msg & { health?: Replica['healthEvents'][number]['health'] }) => {
    if (msg.type === 'ready') ready(msg.error);
    else if (msg.type === 'store-health') healthEvents.push({ health: msg.health!, at: msg.at ?? 0 });
    else if (msg.type === 'reply' && msg.id !== undefined) {
      const w = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error !== undefined) w?.reject(new Error(msg.error));
      else w?.resolve(msg.value);
    }
  });
  child.on('exit', () => {
    ready('exited');
    for (const w of waiting.values()) w.reject(new Error('replica exited'));
    waiting.clear();
  });
  const error = await started;
  if (error !== undefined) throw new Error(`replica failed to start: ${error}\n${out}`);
  return {
    child,
    output: () => out,
    healthEvents,
    call: <T>(type: string, payload: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...payload, type, id });
      }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
