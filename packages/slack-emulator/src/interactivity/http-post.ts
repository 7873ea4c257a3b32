import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The app's answer to one POST, or the connection error. */
export interface PostResult {
  status?: number;
  body?: string;
  error?: string;
  /** ms from sending until the answer's headers (or the error). */
  ms: number;
}

const MAX_ANSWER = 4096;

/**
 * POSTs exactly `body` with exactly `headers` (no keep-alive pool: nothing outlives the call). Resolves
 * `early` with undefined if no answer came within `waitMs`, and `done` whenever it ends (capped at
 * `capMs`, after which the request is aborted).
 */
export function postRaw(
  url: string,
  headers: Record<string, string>,
  body: string,
  waitMs: number,
  capMs = 30_000,
): { early: Promise<PostResult | undefined>; done: Promise<PostResult> } {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const done = new Promise<PostResult>((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : request;
    const req = send(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const ms = elapsed();
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_ANSWER) chunks.push(c);
          size += c.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER),
            ms,
          }),
        );
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body: '', ms }));
      },
    );
    const cap = setTimeout(() => req.destroy(new Error(`no answer within ${capMs} ms`)), capMs);
    cap.unref();
    req.on('close', () => clearTimeout(cap));
    req.on('error', (err) => resolve({ error: err.message, ms: elapsed() }));
    req.end(body);
  });
  const early = new Promise<PostResult | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), waitMs);
    void done.then((r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
  return { early, done };
}
