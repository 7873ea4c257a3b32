import type { ContextBlock, SectionBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { NotifierError } from '../errors.js';
import { buildMessage } from './build-message.js';
import { describeError } from './describe-error.js';
import { normalizeFields } from './fields.js';
import { fingerprintOf } from './fingerprint.js';
import { LIST_READ_MAX, READ_MAX } from './read-limit.js';
import { renderValue } from './render-value.js';
import { snapshotError } from './snapshot-error.js';
import { validateMessage } from './validate-message.js';
import { validateNotification } from './validate-notification.js';

/** Milliseconds per call, the best of a few tries (a shared machine adds pauses that are not ours). */
function msPerCall(f: () => void, calls = 20): number {
  let best = Number.POSITIVE_INFINITY;
  for (let t = 0; t < 5; t++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) f();
    best = Math.min(best, (performance.now() - started) / calls);
  }
  return best;
}

const contextTexts = (m: ReturnType<typeof buildMessage>) =>
  (m.blocks ?? [])
    .filter((b): b is ContextBlock => b.type === 'context')
    .flatMap((b) => b.elements.map((e) => ('text' in e ? e.text : '')));

describe('every format step reads a bounded part of its input', () => {
  const million = Array.from({ length: 1_000_000 }, (_, i) => ({
    type: 'section' as const,
    text: { type: 'mrkdwn' as const, text: `b${i}` },
  }));
  const tenThousand = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, { v: i }]));

  it('validation looks at LIST_READ_MAX items of a list and does not walk records', () => {
    expect(msPerCall(() => validateNotification({ blocks: million }))).toBeLessThan(0.5);
    expect(msPerCall(() => validateNotification({ fields: tenThousand }))).toBeLessThan(0.1);
    const bad = [...million.slice(0, LIST_READ_MAX - 1), null];
    expect(() => validateNotification({ blocks: bad })).toThrow(`notification.blocks[${LIST_READ_MAX - 1}]`);
    // Past the items that can be sent, nothing is read: no error for what is never used.
    expect(() => validateNotification({ blocks: [...million.slice(0, LIST_READ_MAX), null] })).not.toThrow();
    // Holes are skipped, as forEach skipped them.
    const sparse: unknown[] = [];
    sparse[1] = { title: 't' };
    expect(() => validateNotification({ fields: sparse as never })).not.toThrow();
  });

  it('a notification whose only content is an empty fields record is refused when it is rendered', () => {
    expect(() => validateNotification({ fields: {} })).not.toThrow();
    expect(() => buildMessage({ fields: {} })).toThrow(NotifierError);
    expect(() => buildMessage({ fields: {} })).toThrow('a notification needs text');
  });

  it('a million blocks: a valid message whose notice counts every block left out', () => {
    const m = buildMessage({ blocks: million });
    expect(validateMessage(m)).toEqual([]);
    expect(m.blocks).toHaveLength(50);
    const shown = (m.blocks ?? []).filter(
      (b) => b.type === 'section' && /^b\d+$/.test((b as SectionBlock).text?.text ?? ''),
    ).length;
    const left = Number(
      /^… ([\d,]+) more blocks left out$/.exec(contextTexts(m).at(-1) ?? '')?.[1]?.replace(/,/g, ''),
    );
    expect(shown).toBeGreaterThan(40);
    expect(shown + left).toBe(1_000_000);
    const many = Array.from({ length: 5_000 }, (_, i) => ({ text: `a${i}` }));
    const withAttachments = buildMessage({ text: 'x', attachments: many });
    expect(withAttachments.attachments).toHaveLength(20);
    expect(withAttachments.attachments?.at(-1)?.text).toBe('… 4,981 more attachments left out');
    expect(msPerCall(() => buildMessage({ blocks: million }), 5)).toBeLessThan(20);
  });

  it('10,000 fields: 200 rendered, the rest counted in a last field', () => {
    const fields = normalizeFields(tenThousand);
    expect(fields).toHaveLength(LIST_READ_MAX + 1);
    expect(fields.at(-1)).toEqual({ title: '…', value: '9,800 more fields left out', short: false });
    const m = buildMessage({ text: 'x', fields: tenThousand });
    expect(validateMessage(m)).toEqual([]);
    expect(msPerCall(() => buildMessage({ text: 'x', fields: tenThousand }), 5)).toBeLessThan(30);
  });

  it('deeply nested, cyclic and huge field values render within 2,000 characters, quickly', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i++) {
      const next = {};
      deep.a = next;
      deep = next;
    }
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    const huge = { list: Array.from({ length: 1_000_000 }, (_, i) => i) };
    const map = new Map(Array.from({ length: 1_000_000 }, (_, i) => [i, i]));
    for (const value of [root, cyclic, huge, map]) {
      expect(renderValue(value).length).toBeLessThanOrEqual(2_000);
      expect(msPerCall(() => renderValue(value), 5)).toBeLessThan(5);
    }
    expect(renderValue(cyclic)).toBe('{"name":"c","self":"[Circular]"}');
    const m = buildMessage({ text: 'x', fields: { root, cyclic, huge, map } });
    expect(validateMessage(m)).toEqual([]);
  });

  it('huge error strings cost microseconds: a 5 MB message, a 2 MB stack, a 5 MB name, cause and code', () => {
    const big = (n: number) => `${'y'.repeat(n)}.`; // a rope: reading any of it would copy all of it
    const error = Object.assign(new Error(big(5 * 1024 * 1024)), {
      code: big(READ_MAX),
      cause: new Error(big(2 * 1024 * 1024)),
    });
    error.name = big(5 * 1024 * 1024);
    error.stack = big(2 * 1024 * 1024);
    const ms = msPerCall(() => {
      snapshotError(error);
      fingerprintOf(error);
      describeError(error);
    });
    expect(ms).toBeLessThan(0.5);
    const d = describeError(error);
    expect(d).toMatchObject({ name: 'Error', message: '', messageOmitted: 5 * 1024 * 1024 + 1 });
    expect(d.stackOmitted).toBe(2 * 1024 * 1024 + 1);
    expect(d.code).toBeUndefined();
    expect(d.causes[0]?.message).toBe(
      '(message not shown: 2,097,153 characters, more than the 60,000 the notifier reads)',
    );
    expect(JSON.stringify(snapshotError(error)).length).toBeLessThan(1_000);
    const shown = buildMessage({ error });
    expect(validateMessage(shown)).toEqual([]);
    const sections = (shown.blocks ?? []).filter((b): b is SectionBlock => b.type === 'section');
    expect(sections.map((s) => s.text?.text)).toContain(
      '_(stack not shown: 2,097,153 characters, more than the 60,000 the notifier reads)_',
    );
  });
});
