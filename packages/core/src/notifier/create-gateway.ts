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
  return createSlackGateway({
    token: options.token,
    timeoutMs,
    logger,
    findPosted: { budget: lateCommits.budget },
    ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
  });
}
