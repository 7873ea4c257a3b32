import { expect, it } from 'vitest';
import { createSilence, type Silence } from './silence.js';
import { createMemorySilenceStore } from './silence-store.js';
import { describeSilenceStore } from './test-support/describe-silence-store.js';

describeSilenceStore('memory', () => createMemorySilenceStore());

it('the memory store is bounded, and an expired silence frees its place', () => {
  const store = createMemorySilenceStore({ maxSilences: 2 });
  const t0 = 1_000_000;
  store.put(createSilence({ key: 'a', forMs: 10, by: 'x' }, t0, 'a'));
  store.put(createSilence({ key: 'b', forMs: 1000, by: 'x' }, t0, 'b'));
  expect(() => store.put(createSilence({ key: 'c', forMs: 1000, by: 'x' }, t0, 'c'))).toThrow(/at most 2/);
  store.put(createSilence({ key: 'c', forMs: 1000, by: 'x' }, t0 + 10, 'c'));
  expect((store.list(t0 + 10) as Silence[]).map((s) => s.id)).toEqual(['b', 'c']);
});
