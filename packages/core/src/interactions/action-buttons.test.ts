import { describe, expect, it } from 'vitest';
import { actionButtons } from './action-buttons.js';
import { readBlockAction } from './parse-interaction.js';
import { blockActionsPayload } from './test-support/block-actions.js';

const ids = (block: ReturnType<typeof actionButtons>) =>
  block?.elements.map((e) => (e as { action_id: string }).action_id);

describe('actionButtons', () => {
  it('offers the actions for the state', () => {
    expect(ids(actionButtons({ key: 'k' }))).toEqual(['acknowledge', 'mute_1h', 'mute_24h', 'resolve']);
    expect(ids(actionButtons({ key: 'k', muted: true, acknowledged: true }))).toEqual(['unmute', 'resolve']);
    expect(actionButtons({ key: 'k', resolved: true })).toBeUndefined();
  });

  it('puts the key in every value, and the receiver reads every button back', () => {
    const block = actionButtons({ key: 'err:<!channel>&1' });
    for (const el of block?.elements ?? []) {
      const e = el as { action_id: string; value: string };
      expect(e.value).toBe('err:<!channel>&1');
      const read = readBlockAction(blockActionsPayload({ actionId: e.action_id, value: e.value }));
      expect(read.ok && read.request.key).toBe('err:<!channel>&1');
    }
  });

  it('refuses keys a button cannot carry', () => {
    expect(() => actionButtons({ key: '' })).toThrow(/key/);
    expect(() => actionButtons({ key: 'k'.repeat(2001) })).toThrow(/key/);
  });
});
