const MAX_DEPTH = 5;
const MAX_ERRORS = 5;

/** Plain-data form of a thrown value: what the error template reads, and what durable stores can serialize. */
export interface ErrorSnapshot {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: ErrorSnapshot;
  errors?: ErrorSnapshot[];
  errorsTotal?: number;
}

/**
 * Copies an error into plain data at `notify()` time: an `Error` does not survive `JSON.stringify`, and the
 * caller may mutate it after reporting. Non-errors pass through unchanged (the format layer renders them).
 */
export function snapshotError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  const snapshot: ErrorSnapshot = { name: value.name, message: value.message };
  if (typeof value.stack === 'string') snapshot.stack = value.stack;
  const code = (value as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') snapshot.code = String(code);
  if (depth < MAX_DEPTH && value.cause !== undefined) {
    const cause = snapshotError(value.cause, depth + 1);
    snapshot.cause =
      typeof cause === 'object' && cause !== null
        ? (cause as ErrorSnapshot)
        : { name: 'Cause', message: String(cause) };
  }
  if (value instanceof AggregateError && Array.isArray(value.errors)) {
    snapshot.errorsTotal = value.errors.length;
    snapshot.errors = value.errors
      .slice(0, MAX_ERRORS)
      .map((e: unknown) =>
        e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) },
      );
  }
  return snapshot;
}
