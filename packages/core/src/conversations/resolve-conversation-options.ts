import { NotifierError } from '../errors.js';
import type { ConversationOptions, ConversationSettings } from './conversation-types.js';

function num(name: string, value: number | undefined, fallback: number, min = 0): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v < min) {
    throw new NotifierError('invalid_options', `conversations.${name} must be a number ≥ ${min}`);
  }
  return v;
}

/** Checks `conversations` options and fills in the defaults. Throws `NotifierError('invalid_options')`. */
export function resolveConversationOptions(options: ConversationOptions = {}): ConversationSettings {
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    throw new NotifierError('invalid_options', 'conversations.enabled must be a boolean');
  }
  const digestLines = num('digestLines', options.digestLines, 20, 1);
  if (!Number.isInteger(digestLines) || digestLines > 40) {
    throw new NotifierError('invalid_options', 'conversations.digestLines must be an integer from 1 to 40');
  }
  return {
    enabled: options.enabled ?? true,
    quietMs: num('quietMs', options.quietMs, 900_000, 1),
    updateEveryMs: num('updateEveryMs', options.updateEveryMs, 15_000),
    sampleEveryMs: num('sampleEveryMs', options.sampleEveryMs, 60_000),
    maxSamples: Math.floor(num('maxSamples', options.maxSamples, 5)),
    reopenWithinMs: num('reopenWithinMs', options.reopenWithinMs, 3_600_000),
    claimTtlMs: num('claimTtlMs', options.claimTtlMs, 60_000, 1),
    maxConversations: Math.floor(num('maxConversations', options.maxConversations, 10_000, 1)),
    foldAfterMs: num('foldAfterMs', options.foldAfterMs, 5_000),
    digestUpdateEveryMs: num('digestUpdateEveryMs', options.digestUpdateEveryMs, 5_000),
    digestLines,
    digestCloseAfterMs: num('digestCloseAfterMs', options.digestCloseAfterMs, 60_000, 1),
  };
}
