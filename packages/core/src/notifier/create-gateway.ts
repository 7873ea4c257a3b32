import type { SharedBudget } from '../budget/budget-types.js';
import { createSlackGateway } from '../slack/create-slack-gateway.js';
import type { SlackGateway } from '../slack/gateway-types.js';
import type { Logger, NotifierOptions } from '../types.js';
import type { LateCommits } from './late-commits.js';

/** The notifier's Slack layer: its token, timeout and logger, and the history budget of late-commit look-ups. */
export function createGateway(
  options: NotifierOptions,
  timeoutMs: number,
  logger: Logger,
  lateCommits: LateCommits,
): SlackGateway {
  // A store shared by replicas (Redis) may share the budget's buckets too, so Tier 3 holds for all of them.
  const shared = (options.store as { sharedBudget?: SharedBudget } | undefined)?.sharedBudget;
  return createSlackGateway({
    token: options.token,
    timeoutMs,
    logger,
    findPosted: { budget: lateCommits.budget },
    // The one Slack budget: posts per channel at the notifier's pace, every other method at its tier.
    budget: {
      postMessagePerSecond: options.perChannelPerSecond ?? 1,
      postMessageBurst: options.burst ?? 1,
      ...(shared === undefined ? {} : { shared }),
      ...options.budget,
    },
    ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
  });
}
