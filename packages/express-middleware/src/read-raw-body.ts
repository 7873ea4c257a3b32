import { type RawBody, type RawBodyRequest, readRequestBody } from '@backend-notifier/core';

export type { RawBody, RawBodyRequest };

/** Core's `readRequestBody`: the exact bytes Slack signed, from `req.rawBody` or the unread stream. */
export const readRawBody: (req: RawBodyRequest, maxBytes: number) => Promise<RawBody> = readRequestBody;

/**
 * A body-parser `verify` callback that keeps the raw bytes on `req.rawBody`, for apps that mount
 * `express.urlencoded()` (or `express.raw()`) app-wide before the interactions handler:
 * `app.use(express.urlencoded({ extended: false, verify: keepRawBody }))`.
 */
export function keepRawBody(req: object, _res: unknown, buf: Buffer): void {
  (req as { rawBody?: unknown }).rawBody = buf;
}
