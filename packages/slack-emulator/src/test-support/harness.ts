import { WebClient } from '@slack/web-api';
import { type SlackEmulator, type SlackEmulatorOptions, startSlackEmulator } from '../index.js';

/**
 * A real WebClient against the emulator: no retries, rate limits rejected, finite timeout.
 * `token` null = no token at all; @default the bot token
 */
export function clientFor(
  emu: SlackEmulator,
  token: string | null = emu.botToken,
  timeout = 5000,
): WebClient {
  return new WebClient(token ?? undefined, {
    slackApiUrl: emu.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout,
  });
}

/** Starts an emulator with rate limits fast enough for tests (ratios kept). */
export function startTestEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  return startSlackEmulator({ port: 0, ...options });
}

/** Awaits a rejected promise and returns its error (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown> & Error;
  }
  throw new Error('expected the call to fail');
}

/** POSTs to a Web API method with plain fetch (form body). */
export async function rawCall(
  emu: SlackEmulator,
  method: string,
  init: { body?: string; contentType?: string; token?: string; httpMethod?: string; query?: string } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (init.contentType) headers['content-type'] = init.contentType;
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  const res = await fetch(`${emu.apiUrl}${method}${init.query ? `?${init.query}` : ''}`, {
    method: init.httpMethod ?? 'POST',
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** Control API helper (JSON). */
export async function controlApi(
  emu: SlackEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}_emulator/${path}`, {
    method,
    // Every write needs the JSON type, with a body or without.
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
