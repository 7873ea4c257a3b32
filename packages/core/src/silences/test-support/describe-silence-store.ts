import { describe, expect, it } from 'vitest';
import { createSilence } from '../silence.js';
import type { SilenceStore } from '../silence-store.js';

/** The conformance suite every `SilenceStore` passes (memory here; SQLite and Redis in their packages). */
export function describeSilenceStore(name: string, make: () => Promise<SilenceStore> | SilenceStore): void {
  describe(`SilenceStore: ${name}`, () => {
    const t0 = 1_700_000_000_000;
    it('keeps what is put, lists what is in force soonest first, forgets what expired', async () => {
      const store = await make();
      const a = createSilence({ key: 'k1', forMs: 60_000, by: 'U1' }, t0, 'a');
      const b = createSilence({ match: { environment: 'staging' }, forMs: 30_000, by: 'cli' }, t0, 'b');
      await store.put(a);
      await store.put(b);
      expect(await store.list(t0)).toEqual([b, a]);
      expect(await store.list(t0 + 30_000)).toEqual([a]);
      expect(await store.list(t0 + 60_000)).toEqual([]);
    });

    it('replaces by id and removes by id', async () => {
      const store = await make();
      const a = createSilence({ key: 'k1', forMs: 60_000, by: 'U1' }, t0, 'a');
      await store.put(a);
      const longer = { ...a, until: t0 + 120_000 };
      await store.put(longer);
      expect(await store.list(t0)).toEqual([longer]);
      expect(await store.remove('a', t0)).toBe(true);
      expect(await store.remove('a', t0)).toBe(false);
      expect(await store.list(t0)).toEqual([]);
    });

    it('returns copies: changing a listed silence changes nothing stored', async () => {
      const store = await make();
      await store.put(createSilence({ key: 'k1', forMs: 60_000, by: 'U1' }, t0, 'a'));
      const [listed] = await store.list(t0);
      if (listed) listed.until = t0;
      expect((await store.list(t0))[0]?.until).toBe(t0 + 60_000);
    });
  });
}
