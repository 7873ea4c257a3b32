import type { SlackGateway } from '../slack/gateway-types.js';
import type { Clock } from '../types.js';
import type { ChannelLane } from './channel-lane.js';
import type { GuardedLogger } from './guarded-logger.js';

/**
 * The periodic check for one lane, the seed's `perform_health_check` done right: is the bot (by its
 * `user_id`) still a member? If not, join again. The caller holds the lane busy, so this never overlaps a
 * post on the same channel.
 */
export async function checkMembership(
  lane: ChannelLane,
  botUserId: string,
  deps: { gateway: SlackGateway; clock: Clock; logger: GuardedLogger },
): Promise<void> {
  const channelId = lane.channelId;
  if (channelId === undefined) return;
  const member = await deps.gateway.isMember(channelId, botUserId);
  if (!member.ok) {
    lane.lastError = member.failure.code;
    return;
  }
  if (member.value) {
    lane.memberCheckedAt = deps.clock.now();
    return;
  }
  deps.logger.log('warn', 'the bot is not in the channel any more; joining again', { channel: lane.name });
  const joined = await deps.gateway.join(channelId);
  if (joined.ok) return;
  lane.lastError = joined.failure.code;
  if (joined.failure.kind === 'channel_gone') lane.channelId = undefined;
}
