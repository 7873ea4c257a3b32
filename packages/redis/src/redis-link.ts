import type { Redis } from 'ioredis';

/**
 * Whether Redis can be asked right now, and the one way to ask it: `try(op, otherwise)` runs `op` when Redis
 * is reachable and answers `otherwise` at once when it is not, so no caller ever waits for a lost Redis.
 * Until the first connection (or `connectTimeoutMs`) calls wait for it instead, so a starting replica does
 * not spool needlessly.
 */
export class RedisLink {
  readonly redis: Redis;
  available = false;
  unavailableSince: number | undefined = Date.now();
  lastError: string | undefined;
  /** Pending while the first connection is being made. */
  connecting: Promise<void> | undefined;
  readonly #onChange: (up: boolean) => void;
  #everReady = false;
  #closed = false;

  constructor(redis: Redis, connectTimeoutMs: number, onChange: (up: boolean, first: boolean) => void) {
    this.redis = redis;
    this.#onChange = (up) => onChange(up, !this.#everReady);
    redis.on('ready', () => this.#up());
    redis.on('close', () => this.#down('connection closed'));
    redis.on('error', (error: Error) => {
      this.lastError = safeMessage(error);
    });
    if (redis.status === 'ready') this.#up();
    else {
      this.connecting = this.#waitReady(connectTimeoutMs).finally(() => {
        this.connecting = undefined;
      });
    }
  }

  async try<T>(op: () => Promise<T>, otherwise: T): Promise<T> {
    await this.connecting;
    if (!this.available) return otherwise;
    try {
      return await op();
    } catch (error) {
      this.failed(error);
      return otherwise;
    }
  }

  /** A command failed: unless a live server refused it (a script error), Redis counts as unreachable. */
  failed(error: unknown): void {
    this.lastError = safeMessage(error);
    if (this.redis.status === 'ready' && !/timed out|Connection is closed|write/i.test(this.lastError))
      return;
    this.#down(this.lastError);
    // A timeout on a socket ioredis still thinks is open: reconnect, so 'ready' tells when it answers again.
    if (this.redis.status === 'ready') this.redis.disconnect(true);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  #up(): void {
    if (this.#closed) return;
    const wasDown = !this.available;
    this.available = true;
    this.unavailableSince = undefined;
    if (wasDown) this.#onChange(true);
    this.#everReady = true;
  }

  #down(reason: string): void {
    if (!this.available || this.#closed) return;
    this.available = false;
    this.unavailableSince = Date.now();
    this.lastError = reason;
    this.#onChange(false);
  }

  #waitReady(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.redis.once('ready', done);
    });
  }
}

/** An error's message, with any `user:password@` taken out. */
export function safeMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^@/\s]*@/g, '//[REDACTED]@');
}
