/**
 * Slack's published rate limits (docs.slack.dev method data, `rate_limits`): tiers apply "per API method per
 * app per workspace" over per-minute windows; `chat.postMessage` is Special, about one per second per channel
 * with short bursts. Methods not listed here are treated as Tier 3 unless they are Special.
 */
export type SlackTier = 't1' | 't2' | 't3' | 't4' | 'special';

/** Calls per minute of each tier, as published (Tier 1 = 1+, Tier 2 = 20+, Tier 3 = 50+, Tier 4 = 100+). */
export const TIER_PER_MINUTE: Readonly<Record<Exclude<SlackTier, 'special'>, number>> = {
  t1: 1,
  t2: 20,
  t3: 50,
  t4: 100,
};

/** The tier of each method the notifier calls (and a few neighbours). */
export const METHOD_TIERS: Readonly<Record<string, SlackTier>> = {
  'auth.test': 'special',
  'chat.postMessage': 'special',
  'chat.getPermalink': 'special',
  'chat.update': 't3',
  'chat.delete': 't3',
  'chat.postEphemeral': 't4',
  'conversations.create': 't2',
  'conversations.list': 't2',
  'conversations.unarchive': 't2',
  'conversations.archive': 't2',
  'conversations.join': 't3',
  'conversations.info': 't3',
  'conversations.history': 't3',
  'conversations.replies': 't3',
  'conversations.members': 't4',
  'users.info': 't4',
  'users.list': 't2',
};

/** `chat.postMessage` per channel: one a second. */
export const POST_MESSAGE_PER_SECOND = 1;

/** The tier of `method` (unknown methods: Tier 3, the common tier of the methods a notifier could add). */
export function tierOf(method: string): SlackTier {
  return METHOD_TIERS[method] ?? 't3';
}
