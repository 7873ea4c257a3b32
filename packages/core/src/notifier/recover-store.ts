import type { OutboxStore } from '../types.js';

/**
 * Runs the store's start-up recovery (items a previous process left in flight go back to waiting) and
 * reports how many items the store holds, so they are counted as accepted. Returns a promise while an
 * asynchronous store recovers (new items must wait for it), `undefined` when done at once.
 */
export function recoverStore(
  store: OutboxStore,
  hooks: { recovered(count: number): void; failed(error: unknown): void },
): Promise<void> | undefined {
  let result: number | Promise<number> | undefined;
  try {
    result = store.recover?.();
  } catch (error) {
    hooks.failed(error);
    return undefined;
  }
  if (result instanceof Promise) return result.then((n) => hooks.recovered(n), hooks.failed);
  if (typeof result === 'number' && result > 0) hooks.recovered(result);
  return undefined;
}
