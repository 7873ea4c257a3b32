import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /**
   * An append-only file fsynced on every write, so data survives a SIGKILL as it does on a production Redis
   * configured for it. Without it nothing is persisted (no snapshot, no AOF). @default false
   */
  durable?: boolean;
  /** Set as `requirepass`, as in production, so tests can check it is never logged. @default no password */
  password?: string;
  /** The program to run. @default process.env.REDIS_SERVER ?? 'redis-server' */
  binary?: string;
  /** Called with each server process as it is spawned (the bench tracks them to kill them at its deadline). */
  onSpawn?: (child: ChildProcess) => void;
  /** How long each start may take until the server answers PING. @default 5000 */
  startTimeoutMs?: number;
}

/** A redis-server child process on a free loopback port, its data in a temporary folder. */
export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:<port>`, with `:<password>@` when there is one. */
  url: string;
  password: string | undefined;
  /** SIGKILL the server (an outage); `start()` brings it back on the same port (and data folder). */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: a partition (connections stay open, nothing answers). */
  freeze(): void;
  thaw(): void;
  /** Kills the server and removes its data folder. */
  stop(): Promise<void>;
}

/** `AUTH` (when there is a password) then `PING`, inline; true on `+PONG`. */
function ping(port: number, password: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () =>
      socket.write(`${password === undefined ? '' : `AUTH ${password}\r\n`}PING\r\n`),
    );
    socket.on('data', (d: Buffer) => {
      answer += d.toString('utf8');
      if (answer.includes('+PONG\r\n') || answer.startsWith('-')) socket.end();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(answer.includes('+PONG')));
  });
}

/**
 * Starts `redis-server` on a free loopback port and waits until it answers. Tests that need it check for the
 * binary first with `requireBinary('redis-server')` (they skip with the reason, or fail under CI).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bn-redis-'));
  const binary = options.binary ?? process.env['REDIS_SERVER'] ?? 'redis-server';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  args.push(
    ...(options.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  );
  if (options.password !== undefined) args.push('--requirepass', options.password);
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async (): Promise<void> => {
    const proc = spawn(binary, args, { stdio: 'ignore' });
    child = proc;
    let failed: Error | undefined;
    proc.once('error', (error) => {
      failed = error;
    });
    exited = new Promise((resolve) => {
      proc.once('close', () => resolve());
      proc.once('error', () => resolve());
    });
    options.onSpawn?.(proc);
    const deadline = Date.now() + (options.startTimeoutMs ?? 5000);
    while (!(await ping(port, options.password))) {
      if (failed || proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}${failed ? `: ${failed.message}` : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined) return;
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGCONT');
      proc.kill('SIGKILL');
    }
    await exited;
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const auth = options.password === undefined ? '' : `:${options.password}@`;
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    password: options.password,
    kill,
    start,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
