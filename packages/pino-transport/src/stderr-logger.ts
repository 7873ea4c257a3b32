import { writeSync } from 'node:fs';
import type { Logger } from '@backend-notifier/core';
import { NOTIFIER_LOG_SOURCE } from '@backend-notifier/core';

/** How much of the notifier's own log the worker writes to stderr. */
export type WorkerLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Readonly<Record<WorkerLogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** A pipe the main thread made non-blocking answers EAGAIN while it is full: try again, a bounded number of times. */
function writeLine(line: string): void {
  for (let attempt = 0; attempt < 1000; attempt++) {
    try {
      writeSync(2, line);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return; // stderr closed: nowhere left to say it.
    }
  }
}

/**
 * The notifier's logger inside the transport's worker thread: each line written synchronously to the
 * process's stderr (file descriptor 2). A worker's `console` goes through the main thread, which is blocked
 * inside pino's exit handler while the worker closes: lines sent that way, such as the count of what could
 * not be delivered, would never be printed. Meta is the notifier's own (it never carries the token).
 */
export function createStderrLogger(level: WorkerLogLevel = 'warn'): Logger {
  const min = RANK[level];
  const write = (name: keyof Logger) => (message: string, meta?: Record<string, unknown>) => {
    if (RANK[name] < min) return;
    const { source: _source, ...rest } = meta ?? {};
    let tail = '';
    try {
      tail = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    } catch {
      tail = ' [meta not serializable]';
    }
    writeLine(`[${NOTIFIER_LOG_SOURCE}] ${name}: ${message}${tail}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
