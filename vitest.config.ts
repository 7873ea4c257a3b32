import { defineConfig } from 'vitest/config';

// Vitest 5's reporters call `Map.groupBy` (Node >= 21) when a test fails; on Node 20 the failure report
// itself then crashes and hides what failed. This config runs in the main Vitest process, where the
// reporters live, so the standard method is supplied here when the runtime lacks it.
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value<K, T>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
  });
}

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
