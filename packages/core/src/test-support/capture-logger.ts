import type { Logger } from '../types.js';

/** A logger that records every call (tests assert on what was logged, and that secrets never were). */
export interface CapturedLogger extends Logger {
  lines: { level: string; message: string; meta?: Record<string, unknown> }[];
  /** Every line as one string, meta JSON included. */
  text(): string;
}

export function captureLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = [];
  const at =
    (level: string) =>
    (message: string, meta?: Record<string, unknown>): void => {
      lines.push(meta === undefined ? { level, message } : { level, message, meta });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.meta ?? {})}`).join('\n'),
  };
}
