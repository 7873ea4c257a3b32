import { backoffDelay } from '../retry/backoff-delay.js';
import type { SlackFailure } from '../slack/gateway-types.js';
import type { ChannelLane } from './channel-lane.js';
import type { DispatcherDeps } from './dispatcher.js';

/**
 * Pauses a lane as a failure asks: a 429 for exactly its Retry-After (no backoff step: Slack said when);
 * everything else by capped exponential backoff with jitter. Auth failures also feed the circuit;
 * `token_expired` drops the cached token and retries at once (the new token is the fix).
 */
export function backOffLane(
  lane: ChannelLane,
  failure: SlackFailure,
  now: number,
  deps: Pick<DispatcherDeps, 'circuit' | 'backoff' | 'random' | 'gateway' | 'logger'>,
): void {
  if (failure.kind === 'rate_limited') {
    lane.pausedUntil = Math.max(lane.pausedUntil, now + failure.retryAfterMs);
    return;
  }
  if (failure.kind === 'auth' || failure.kind === 'token_expired') {
    if (failure.kind === 'token_expired') deps.gateway.refreshToken();
    deps.circuit.failure(failure.code, now);
    if (deps.circuit.state === 'open') {
      deps.logger.log('error', 'Slack refused the token: circuit open, messages are kept', {
        code: failure.code,
      });
    }
    if (failure.kind === 'token_expired') return;
  }
  lane.failures++;
  lane.pausedUntil = Math.max(lane.pausedUntil, now + backoffDelay(lane.failures, deps.backoff, deps.random));
}
