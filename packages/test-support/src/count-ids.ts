import type { Message } from '@backend-notifier/slack-emulator';

/**
 * How many of `messages` carry each id matched by `pattern` (its first group, or the whole match), read
 * from the text, blocks and attachments: what a test compares with what it sent, so a loss and a
 * duplicate both show. Top-level messages only (thread replies are not posts of their own).
 */
export function countIds(messages: readonly Message[], pattern: RegExp): Map<string, number> {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  const counts = new Map<string, number>();
  for (const message of messages) {
    if (message.threadTs !== undefined && message.threadTs !== message.ts) continue;
    const ids = new Set<string>();
    const haystack = JSON.stringify([message.text, message.blocks ?? [], message.attachments ?? []]);
    for (const match of haystack.matchAll(global)) ids.add(match[1] ?? match[0]);
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
