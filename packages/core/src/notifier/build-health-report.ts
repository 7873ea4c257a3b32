import type { CircuitBreaker } from '../retry/circuit-breaker.js';
import type { AuthInfo, SlackResult } from '../slack/gateway-types.js';
import type { HealthCheck, HealthReport, HealthStatus, OutboxDepth } from '../types.js';
import type { ChannelLane } from './channel-lane.js';

/** What the health report is built from. */
export interface HealthInputs {
  now: number;
  /** Result of the start-time checks: the auth info, or the code of why they failed. */
  auth: AuthInfo | undefined;
  startError: string | undefined;
  circuit: CircuitBreaker;
  lanes: Iterable<ChannelLane>;
  /** Membership answers by lane name; a lane missing here did not answer within `timeoutMs`. */
  membership: ReadonlyMap<string, SlackResult<boolean>>;
  /** The store's depth; `undefined` when it did not answer within `timeoutMs`. */
  depth: OutboxDepth | undefined;
  /** The bound `health()` keeps, for the detail of a check that did not answer. */
  timeoutMs: number;
  maxItems: number | undefined;
  lastSuccessAt: number | undefined;
  /** Oldest pending age above which the queue counts as stuck. */
  staleAfterMs: number;
}

const RANK: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

/** A check whose source did not answer in time: `degraded`, `value: 'timeout'`. */
function unanswered(name: string, what: string, timeoutMs: number): HealthCheck {
  return {
    name,
    status: 'degraded',
    detail: `${what} did not answer within ${timeoutMs} ms`,
    value: 'timeout',
  };
}

/**
 * The seed's `verify_health`, fixed: membership is checked with the bot's `user_id` (from `auth.test`),
 * never its `bot_id`. The look-ups (one `conversations.members` per channel, none while the circuit is
 * open) are made by the caller within its bound (`HealthProbe`); a lane without an answer reads as a
 * `membership` check `degraded` with `value: 'timeout'`, a store that did not answer as such a `queue` check.
 */
export function buildHealthReport(input: HealthInputs): HealthReport {
  const checks: HealthCheck[] = [];
  const { circuit, auth } = input;
  if (circuit.state !== 'closed') {
    checks.push({
      name: 'auth',
      status: 'down',
      detail: `auth_failed: Slack refused the token (${circuit.lastCode ?? 'unknown'})`,
    });
  } else if (input.startError !== undefined) {
    checks.push({ name: 'auth', status: 'down', detail: `start failed: ${input.startError}` });
  } else if (auth === undefined) {
    checks.push({ name: 'auth', status: 'degraded', detail: 'not checked yet (start has not finished)' });
  } else {
    checks.push({ name: 'auth', status: 'ok', detail: `bot user ${auth.userId} in team ${auth.teamId}` });
  }

  for (const lane of input.lanes) {
    if (lane.channelId === undefined) {
      // Not set up yet is only degraded (start is running); a setup that failed is down.
      checks.push({
        name: 'channel',
        status: lane.lastError ? 'down' : 'degraded',
        detail: `#${lane.name}: not set up${lane.lastError ? ` (${lane.lastError})` : ' yet'}`,
      });
      continue;
    }
    checks.push({ name: 'channel', status: 'ok', detail: `#${lane.name}`, value: lane.channelId });
    if (auth === undefined || circuit.state !== 'closed') continue;
    const member = input.membership.get(lane.name);
    if (member === undefined) {
      checks.push(unanswered('membership', `#${lane.name}: Slack`, input.timeoutMs));
    } else if (member.ok) {
      checks.push({
        name: 'membership',
        status: member.value ? 'ok' : 'degraded',
        detail: member.value
          ? `member of #${lane.name}`
          : `not a member of #${lane.name} (the periodic check rejoins)`,
        value: member.value,
      });
    } else {
      checks.push({
        name: 'membership',
        status: 'degraded',
        detail: `#${lane.name}: could not check (${member.failure.code})`,
      });
    }
  }

  const { depth } = input;
  if (depth === undefined) {
    checks.push(unanswered('queue', 'the outbox store', input.timeoutMs));
  } else {
    const waiting = depth.pending + depth.inFlight;
    const nearlyFull = input.maxItems !== undefined && waiting >= input.maxItems * 0.8;
    checks.push({
      name: 'queue',
      status: nearlyFull ? 'degraded' : 'ok',
      value: waiting,
      detail: `${waiting} pending`,
    });
    const age = depth.oldestAcceptedAt === undefined ? 0 : Math.max(0, input.now - depth.oldestAcceptedAt);
    checks.push({
      name: 'oldest_pending',
      status: age > input.staleAfterMs ? 'degraded' : 'ok',
      value: age,
      detail: `${age} ms`,
    });
  }
  checks.push({
    name: 'last_success',
    status: 'ok',
    ...(input.lastSuccessAt === undefined
      ? { detail: 'nothing delivered yet' }
      : { value: input.lastSuccessAt }),
  });
  checks.push({
    name: 'circuit',
    status: circuit.state === 'closed' ? 'ok' : 'down',
    value: circuit.state,
    ...(circuit.lastCode ? { detail: circuit.lastCode } : {}),
  });

  const status = checks.reduce<HealthStatus>(
    (worst, c) => (RANK[c.status] > RANK[worst] ? c.status : worst),
    'ok',
  );
  return { status, checks };
}
