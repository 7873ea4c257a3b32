/**
 * A first-in first-out queue over an array with a moving head: O(1) push and shift without the O(n)
 * `Array.prototype.shift`, compacting only when the dead prefix dominates.
 */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(value: T): void {
    this.#items.push(value);
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const value = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }

  /** Insert keeping ascending order by `key` (used to put a released item back at its original place). */
  insertSorted(value: T, key: (v: T) => number): void {
    const k = key(value);
    let i = this.#items.length;
    while (i > this.#head && key(this.#items[i - 1] as T) > k) i--;
    this.#items.splice(i, 0, value);
  }

  /** Remove the first value matching `predicate`; true when one was removed. */
  remove(predicate: (v: T) => boolean): boolean {
    for (let i = this.#head; i < this.#items.length; i++) {
      if (predicate(this.#items[i] as T)) {
        this.#items.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.#head; i < this.#items.length; i++) yield this.#items[i] as T;
  }
}
