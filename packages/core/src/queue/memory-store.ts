import type { DeadLetter, OutboxDepth, OutboxItem, OutboxStore } from '../types.js';
import { Fifo } from './fifo.js';
import { priorityRank } from './priority-rank.js';

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  /** Most items held (waiting + in flight); a full store evicts the lowest priority, oldest first. @default 10000 */
  maxItems?: number;
  /** Most dead letters kept; the oldest go first. @default 1000 */
  maxDeadLetters?: number;
}

type Lanes = [Fifo<OutboxItem>, Fifo<OutboxItem>, Fifo<OutboxItem>];

const bySeq = (item: OutboxItem): number => item.seq;

/**
 * The default outbox: bounded, in memory, synchronous (so `notify()` stays allocation-light). One FIFO per
 * channel and priority; eviction scans the channels' heads, which is cheap because channels are few.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): OutboxStore {
  return new MemoryStore(options.maxItems ?? 10_000, options.maxDeadLetters ?? 1000);
}

class MemoryStore implements OutboxStore {
  readonly #maxItems: number;
  readonly #maxDeadLetters: number;
  readonly #channels = new Map<string, Lanes>();
  readonly #inFlight = new Map<string, OutboxItem>();
  readonly #dead = new Fifo<DeadLetter>();
  #waiting = 0;

  constructor(maxItems: number, maxDeadLetters: number) {
    if (!(maxItems >= 1)) throw new RangeError('maxItems must be at least 1');
    this.#maxItems = maxItems;
    this.#maxDeadLetters = maxDeadLetters;
  }

  add(item: OutboxItem): OutboxItem[] | undefined {
    let evicted: OutboxItem[] | undefined;
    if (this.#waiting + this.#inFlight.size >= this.#maxItems) {
      const victim = this.#evictionCandidate(item);
      if (victim === item) return [item];
      if (victim === undefined) return [item];
      evicted = [victim];
    }
    this.#lanes(item.channel)[priorityRank(item.priority)].push(item);
    this.#waiting++;
    return evicted;
  }

  claim(channel: string): OutboxItem | undefined {
    const lanes = this.#channels.get(channel);
    if (lanes === undefined) return undefined;
    for (const fifo of lanes) {
      const item = fifo.shift();
      if (item !== undefined) {
        this.#waiting--;
        this.#inFlight.set(item.id, item);
        return item;
      }
    }
    return undefined;
  }

  ack(id: string): void {
    this.#inFlight.delete(id);
  }

  release(item: OutboxItem): void {
    if (!this.#inFlight.delete(item.id)) return;
    this.#lanes(item.channel)[priorityRank(item.priority)].insertSorted(item, bySeq);
    this.#waiting++;
  }

  deadLetter(item: OutboxItem, code: string): void {
    this.#inFlight.delete(item.id);
    this.#dead.push({ item, code, at: Date.now() });
    while (this.#dead.size > this.#maxDeadLetters) this.#dead.shift();
  }

  deadLetters(limit = Number.POSITIVE_INFINITY): DeadLetter[] {
    const out: DeadLetter[] = [];
    for (const letter of this.#dead) {
      if (out.length >= limit) break;
      out.push(letter);
    }
    return out;
  }

  channels(): string[] {
    const out: string[] = [];
    for (const [name, lanes] of this.#channels) {
      if (lanes[0].size + lanes[1].size + lanes[2].size > 0) out.push(name);
    }
    return out;
  }

  depth(): OutboxDepth {
    let oldest: number | undefined;
    for (const lanes of this.#channels.values()) {
      for (const fifo of lanes) {
        const head = fifo.peek();
        if (head !== undefined && (oldest === undefined || head.acceptedAt < oldest))
          oldest = head.acceptedAt;
      }
    }
    for (const item of this.#inFlight.values()) {
      if (oldest === undefined || item.acceptedAt < oldest) oldest = item.acceptedAt;
    }
    return { pending: this.#waiting, inFlight: this.#inFlight.size, oldestAcceptedAt: oldest };
  }

  recover(): number {
    for (const item of [...this.#inFlight.values()]) {
      item.ambiguous = true;
      this.release(item);
    }
    return this.#waiting;
  }

  /** Removes and returns the lowest-priority, oldest waiting item, or `incoming` when it ranks lower still. */
  #evictionCandidate(incoming: OutboxItem): OutboxItem | undefined {
    const incomingRank = priorityRank(incoming.priority);
    for (let rank = 2; rank >= 0; rank--) {
      let best: Fifo<OutboxItem> | undefined;
      for (const lanes of this.#channels.values()) {
        const head = lanes[rank as 0 | 1 | 2].peek();
        if (head !== undefined && (best === undefined || head.seq < (best.peek() as OutboxItem).seq)) {
          best = lanes[rank as 0 | 1 | 2];
        }
      }
      if (best !== undefined) {
        this.#waiting--;
        return best.shift();
      }
      if (rank === incomingRank) return incoming;
    }
    return undefined;
  }

  #lanes(channel: string): Lanes {
    let lanes = this.#channels.get(channel);
    if (lanes === undefined) {
      lanes = [new Fifo(), new Fifo(), new Fifo()];
      this.#channels.set(channel, lanes);
    }
    return lanes;
  }
}
