/** The request as a readable stream, plus what earlier layers may have left on it. */
export interface RawBodyRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Node's `IncomingMessage.headersDistinct` (a list per header), when the runtime has it. */
  headersDistinct?: Record<string, string[] | undefined>;
  /** The bytes an earlier layer kept (body-parser's `verify` callback, Google Cloud Functions). */
  rawBody?: unknown;
  readableEnded?: boolean;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  resume?(): unknown;
}

/** The raw body, `'too_large'` past the limit, or `undefined` when an earlier layer consumed it. */
export type RawBody = Buffer | 'too_large' | undefined;

/**
 * Gets the exact bytes Slack signed, whatever ran before (as bolt-js's ExpressReceiver does): the bytes an
 * earlier layer kept in `req.rawBody`; else the stream itself when nothing read it (`express.json()` before
 * this handler skips Slack's form bodies, so it leaves the stream unread); else `undefined`, when a parser
 * consumed the stream without keeping the bytes (an app-wide form parser that keeps no bytes).
 * Stops reading past `maxBytes` (a declared `content-length` over it is refused before reading).
 */
export function readRequestBody(req: RawBodyRequest, maxBytes: number): Promise<RawBody> {
  const kept = req.rawBody;
  if (Buffer.isBuffer(kept)) return Promise.resolve(kept.length > maxBytes ? 'too_large' : kept);
  if (typeof kept === 'string') {
    const bytes = Buffer.from(kept, 'utf8');
    return Promise.resolve(bytes.length > maxBytes ? 'too_large' : bytes);
  }
  if (req.readableEnded) return Promise.resolve(undefined);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too_large');
  return new Promise<RawBody>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: RawBody) => {
      if (done) return;
      done = true;
      resolve(value);
    };
    req.on('data', (chunk) => {
      if (done) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += buf.length;
      if (size > maxBytes) finish('too_large');
      else chunks.push(buf);
    });
    req.on('end', () => finish(Buffer.concat(chunks)));
    req.on('error', () => finish(undefined));
    req.on('close', () => finish(done ? undefined : Buffer.concat(chunks)));
  });
}
