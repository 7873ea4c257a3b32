import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type {
  Channel,
  FaultSpec,
  Message,
  RateLimitOptions,
  RequestLogEntry,
} from '@backend-notifier/slack-emulator';
import { type NodeProcess, startNode } from './run-node.js';

/** Options of {@link startEmulatorProcess}. */
export interface EmulatorProcessOptions {
  /** Seed of ids and tokens. @default 'test' */
  seed?: string;
  /** `false` turns every rate limit off. @default true */
  rateLimits?: boolean;
  /** Multiplies every rate. @default 1 */
  rateScale?: number;
}

/** The emulator's HTTP control API, as a test reads it: the Slack side of the story. */
export interface EmulatorControlClient {
  /** Every message of a channel (id or name), replies included. Empty if the channel does not exist. */
  messages(channel: string): Promise<Message[]>;
  requests(since?: number): Promise<RequestLogEntry[]>;
  channels(): Promise<Channel[]>;
  addFault(spec: FaultSpec): Promise<string>;
  clearFaults(): Promise<void>;
  reset(): Promise<void>;
  setRateLimits(limits: RateLimitOptions): Promise<void>;
  connections(): Promise<{ open: number; peak: number }>;
}

/** A Slack emulator running in its own process, as real Slack would be. */
export interface EmulatorProcess {
  /** The page (and control API base), `http://127.0.0.1:PORT/`. */
  url: string;
  /** `slackApiUrl` for the client. */
  apiUrl: string;
  botToken: string;
  control: EmulatorControlClient;
  /** SIGTERM, then waits for the process to end. */
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Starts `slack-emulator` (the built bin) in a child process on a free loopback port. */
export async function startEmulatorProcess(options: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const emulatorDir = dirname(require.resolve('@backend-notifier/slack-emulator/package.json'));
  const args = ['--port', '0', '--seed', options.seed ?? 'test'];
  if (options.rateLimits === false) args.push('--no-rate-limits');
  if (options.rateScale !== undefined) args.push('--rate-scale', String(options.rateScale));
  const child: NodeProcess = startNode({
    dir: emulatorDir,
    source: `import ${JSON.stringify(join(emulatorDir, 'dist', 'cli.js'))};\n`,
    args,
    timeoutMs: 60 * 60_000,
  });
  const url = (await child.waitForLine(/^Slack emulator page: /))
    .replace(/^Slack emulator page: /, '')
    .trim();
  const apiUrl = (await child.waitForLine(/^API URL/)).replace(/^API URL \(slackApiUrl\): /, '').trim();
  const botToken = (await child.waitForLine(/^Bot token: /)).replace(/^Bot token: /, '').trim();
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(`_emulator/${path}`, url), {
      method,
      // The emulator refuses writes (a body-less DELETE too) without the JSON type.
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T & { ok: boolean; error?: string };
    if (!res.ok && res.status !== 404) throw new Error(`emulator control ${method} ${path}: ${json.error}`);
    return json;
  };
  const control: EmulatorControlClient = {
    messages: async (channel) =>
      (await api<{ messages?: Message[] }>('GET', `channels/${encodeURIComponent(channel)}/messages`))
        .messages ?? [],
    requests: async (since) =>
      (
        await api<{ requests: RequestLogEntry[] }>(
          'GET',
          `requests${since === undefined ? '' : `?since=${since}`}`,
        )
      ).requests,
    channels: async () => (await api<{ channels: Channel[] }>('GET', 'channels')).channels,
    addFault: async (spec) => (await api<{ id: string }>('POST', 'faults', spec)).id,
    clearFaults: async () => {
      await api('DELETE', 'faults');
    },
    reset: async () => {
      await api('POST', 'reset', {});
    },
    setRateLimits: async (limits) => {
      await api('POST', 'rate-limits', limits);
    },
    connections: async () =>
      (await api<{ connections: { open: number; peak: number } }>('GET', 'connections')).connections,
  };
  return {
    url,
    apiUrl,
    botToken,
    control,
    async close() {
      if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGTERM');
      await child.exited;
    },
  };
}
