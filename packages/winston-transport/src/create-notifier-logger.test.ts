import { afterEach, describe, expect, it, vi } from 'vitest';
import winston from 'winston';
import Transport from 'winston-transport';
import { createNotifierLogger } from './create-notifier-logger.js';

class MemoryTransport extends Transport {
  readonly entries: Array<Record<string, unknown>> = [];
  override log(info: Record<string, unknown>, callback: () => void) {
    this.entries.push(info);
    callback();
  }
}

/** Every console.error / console.warn line while `fn` runs. */
function consoleLines(): { lines: string[] } {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  vi.spyOn(console, 'error').mockImplementation(keep);
  vi.spyOn(console, 'warn').mockImplementation(keep);
  return { lines };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createNotifierLogger', () => {
  it("writes the levels the logger has on, with the notifier's source in meta", () => {
    const memory = new MemoryTransport();
    const logger = winston.createLogger({ level: 'info', transports: [memory] });
    const write = vi.spyOn(logger, 'write');
    const log = createNotifierLogger(logger);
    log.debug('slack-web-api: request', { sdkLevel: 'debug' });
    log.info('channel set up again', { channel: 'alerts' });
    log.warn('outbox full', { dropped: 3 });
    // debug is off: not even written into the stream (winston would filter it only in its transports).
    expect(write).toHaveBeenCalledTimes(2);
    expect(memory.entries.map((e) => [e['level'], e['message'], e['source']])).toEqual([
      ['info', 'channel set up again', 'backend-notifier'],
      ['warn', 'outbox full', 'backend-notifier'],
    ]);
    expect(memory.entries[1]?.['dropped']).toBe(3);
  });

  it('after logger.close(): no winston warning, debug and info silent, warnings to the console', () => {
    const logger = winston.createLogger({ level: 'debug', transports: [new MemoryTransport()] });
    const log = createNotifierLogger(logger);
    logger.close();
    const { lines } = consoleLines();
    log.debug('slack-web-api: response');
    log.info('delivered');
    log.warn('2 messages not delivered at close', { pending: 2 });
    expect(lines.filter((l) => l.includes('[winston]'))).toEqual([]);
    expect(lines).toEqual(['[backend-notifier] 2 messages not delivered at close [object Object]']);

    // The Winston logger itself, given as the notifier's logger, prints one warning per call.
    const raw = winston.createLogger({ level: 'debug', transports: [new MemoryTransport()] });
    raw.close();
    raw.debug('slack-web-api: response', { source: 'backend-notifier' });
    expect(
      lines.filter((l) => l.includes('[winston] Attempt to write logs with no transports')),
    ).toHaveLength(1);
  });

  it('after logger.end(): no write after end, warnings to the console', async () => {
    const memory = new MemoryTransport();
    const logger = winston.createLogger({ level: 'debug', transports: [memory] });
    const errors: unknown[] = [];
    logger.on('error', (error) => errors.push(error));
    const log = createNotifierLogger(logger);
    logger.end();
    const { lines } = consoleLines();
    log.info('delivered');
    log.error('Slack refused the token');
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
    expect(memory.entries).toEqual([]);
    expect(lines).toEqual(['[backend-notifier] Slack refused the token ']);
  });

  it("uses winston's syslog name for warnings", () => {
    const memory = new MemoryTransport();
    const logger = winston.createLogger({
      levels: winston.config.syslog.levels,
      level: 'debug',
      transports: [memory],
    });
    const { lines } = consoleLines();
    createNotifierLogger(logger).warn('outbox full');
    expect(memory.entries.map((e) => e['level'])).toEqual(['warning']);
    expect(lines).toEqual([]);
  });
});
