import type { RequestLogEntry } from './types.js';

/** Append-only record of Web API calls, for tests that count rates, losses and duplicates. */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #seq = 0;

  /** Reserves the next sequence number (taken when the request arrives). */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  add(entry: RequestLogEntry): void {
    this.#entries.push(entry);
  }

  /** Entries in arrival order; only those with `seq > since` when given. */
  list(since?: number): RequestLogEntry[] {
    const all = [...this.#entries].sort((a, b) => a.seq - b.seq);
    return since === undefined ? all : all.filter((e) => e.seq > since);
  }

  clear(): void {
    this.#entries = [];
  }
}
