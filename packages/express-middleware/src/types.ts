/**
 * The parts of Express's request and response this package reads. Structural, so the handlers fit
 * Express 4 and 5 (and their `@types`) without this package depending on either at runtime.
 */

/** The request fields read when building a report. Express's `Request` satisfies it. */
export interface RequestLike {
  method: string;
  url: string;
  originalUrl?: string;
  baseUrl?: string;
  path?: string;
  /** Set by Express when a route matched; its `path` is the route pattern (`/users/:id`). */
  // biome-ignore lint/suspicious/noExplicitAny: Express types `route` as any; a narrower type would not accept it.
  route?: any;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  query?: unknown;
  /** A request id set by a middleware such as `express-request-id` or `pino-http`. */
  id?: unknown;
}

/** The response fields read or written. Express's `Response` satisfies it. */
export interface ResponseLike {
  statusCode: number;
  headersSent?: boolean;
  status(code: number): ResponseLike;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

/** Express's `next`. */
export type NextFunctionLike = (err?: unknown) => void;

/** The shape of an Express error-handling middleware (four parameters). */
export type ErrorHandlerLike = (
  err: unknown,
  req: RequestLike,
  res: ResponseLike,
  next: NextFunctionLike,
) => void;

/** The shape of an Express request handler. */
export type RequestHandlerLike = (req: RequestLike, res: ResponseLike, next?: NextFunctionLike) => void;
