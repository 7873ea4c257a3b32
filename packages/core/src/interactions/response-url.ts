import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Slack's `response_url`s live here; a payload naming any other origin is not answered. */
export const SLACK_RESPONSE_ORIGIN = 'https://hooks.slack.com';

/** Posts to a click's `response_url` (ephemeral replies). Resolves to whether Slack answered 2xx. */
export type Responder = (url: string, message: Record<string, unknown>) => Promise<boolean>;

/** Options of {@link createResponder}. */
export interface ResponderOptions {
  /** Origins a `response_url` may point at. @default ['https://hooks.slack.com'] */
  origins?: readonly string[];
  /** Request timeout in ms. @default 5000 */
  timeoutMs?: number;
}

/**
 * A `response_url` poster that only talks to the allowed origins, so a payload can never make the app
 * send requests elsewhere, even a correctly signed one. Plain `node:http(s)` with no keep-alive: each reply
 * is its own short request and leaves no socket holding the process.
 */
export function createResponder(options: ResponderOptions = {}): Responder {
  const origins = new Set((options.origins ?? [SLACK_RESPONSE_ORIGIN]).map((o) => new URL(o).origin));
  const timeoutMs = options.timeoutMs ?? 5000;
  return (url, message) =>
    new Promise<boolean>((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve(false);
        return;
      }
      if (!origins.has(target.origin)) {
        resolve(false);
        return;
      }
      const body = Buffer.from(JSON.stringify(message), 'utf8');
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: 'POST',
          agent: false,
          timeout: timeoutMs,
          headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
          res.on('error', () => resolve(false));
        },
      );
      req.on('timeout', () => req.destroy(new Error('response_url timeout')));
      req.on('error', () => resolve(false));
      req.end(body);
    });
}
