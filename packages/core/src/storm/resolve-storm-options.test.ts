import { describe, expect, it } from 'vitest';
import type { NotifierOptions } from '../types.js';
import { GroupingKey } from './grouping-key.js';
import { resolveStormOptions } from './resolve-storm-options.js';

const base: NotifierOptions = { token: 'xoxb-x', channel: 'alerts' };

describe('resolveStormOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveStormOptions(base)).toEqual({
      match: 'errors',
      waitMs: 0,
      windowMs: 600_000,
      intervalMs: 30_000,
      repeatAfterMs: 600_000,
      sampleReplies: 0,
      maxGroups: 10_000,
      digestAfterMs: 60_000,
      digestMaxItems: 20,
      floodPerMinute: Number.POSITIVE_INFINITY,
    });
  });

  it('refuses bad values with invalid_options, naming the option', () => {
    expect(() => resolveStormOptions({ ...base, grouping: { match: 'some' as never } })).toThrow(
      /grouping.match/,
    );
    expect(() => resolveStormOptions({ ...base, grouping: { intervalMs: -1 } })).toThrow(
      /grouping.intervalMs/,
    );
    expect(() => resolveStormOptions({ ...base, digest: { maxItems: 1 } })).toThrow(/digest.maxItems/);
    expect(() => resolveStormOptions({ ...base, flood: { perMinute: Number.NaN } })).toThrow(
      /flood.perMinute/,
    );
  });
});

describe('GroupingKey', () => {
  it('explicit fingerprint wins; errors are keyed once per object; strings only with match all', () => {
    const key = new GroupingKey('errors');
    const e = new Error('user 42 not found');
    expect(key.of({ error: e, fingerprint: 'mine' })).toBe('mine');
    const k1 = key.of({ error: e });
    e.message = 'changed after reporting';
    expect(key.of({ error: e })).toBe(k1);
    expect(key.of({ error: new Error('user 7 not found') })).toBe(k1);
    expect(key.of({ error: 'a thrown string' })).toMatch(/^[0-9a-f]{16}$/);
    expect(key.of('plain text')).toBeUndefined();
    expect(key.of({ text: 'plain text' })).toBeUndefined();
    const all = new GroupingKey('all');
    expect(all.of('disk 91% full')).toBe(all.of({ text: 'disk 97% full' }));
    expect(all.of('disk 91% full')).not.toBe(all.of({ title: 'Disk', text: 'disk 97% full' }));
    expect(new GroupingKey('off').of({ error: e, fingerprint: 'x' })).toBeUndefined();
  });
});
