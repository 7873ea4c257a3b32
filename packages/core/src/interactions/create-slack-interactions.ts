import { NotifierError } from '../errors.js';
import type { Logger, MaybePromise } from '../types.js';
import { type ActorDirectory, createSlackActorDirectory } from './actor-directory.js';
import { type AllowOptions, createActorPolicy } from './actor-policy.js';
import { type InteractionActions, runAction } from './interaction-actions.js';
import { createInteractionLedger, type InteractionStats } from './interaction-stats.js';
import { type BlockActionRequest, readBlockAction } from './parse-interaction.js';
import type { RefusalReason } from './refusal-reason.js';
import { createReplayGuard, type ReplayGuard } from './replay-guard.js';
import { createResponder, type Responder, SLACK_RESPONSE_ORIGIN } from './response-url.js';

/** Options of {@link createSlackInteractions}. */
export interface SlackInteractionsOptions {
  /** What the buttons do (the notifier, once it holds conversations). */
  actions: InteractionActions;
  /** The workspace (team) id clicks must come from (`T…`; `auth.test`'s `team_id`). */
  teamId: string;
  /** The Slack app id clicks must be addressed to (`A…`; the app's Basic Information page). */
  appId: string;
  /** The app's signing secret; required for HTTP delivery, unused by Socket Mode. @default none */
  signingSecret?: string;
  /** Who may act. @default { channelMembers: true } */
  allow?: AllowOptions;
  /** Where membership is looked up. @default Slack, through `token` (none without it: only `allow.users`) */
  directory?: ActorDirectory;
  /** The bot token for the default directory. @default none */
  token?: string | (() => MaybePromise<string>);
  /** Base URL of the Slack Web API; its origin may also serve `response_url`s (the emulator). @default Slack */
  slackApiUrl?: string;
  /** Largest accepted HTTP body, in bytes. @default 1048576 */
  maxBodyBytes?: number;
  /** Accepted actions carried out at once; more are refused `busy`. @default 100 */
  maxPending?: number;
  /** Where refusals and failures are logged (without secrets). @default console */
  logger?: Logger;
  /** Time source, epoch ms. @default Date.now */
  now?: () => number;
  /** Posts to `response_url`s. @default allows hooks.slack.com and `slackApiUrl`'s origin */
  responder?: Responder;
}

/** A click or envelope's fate, as far as the receiver knows when it answers. */
export type InteractionVerdict = { accepted: true } | { accepted: false; reason: RefusalReason };

/** The receiving side: verified requests in, actions out. Adapters and receivers mount it. */
export interface SlackInteractions {
  /**
   * Checks a `block_actions` payload (already verified, or from Socket Mode), and when it passes, acts on
   * it in the background: who may act, then the action. Returns at once, before acting (ack first).
   */
  receive(payload: unknown, via: 'http' | 'socket'): InteractionVerdict;
  /** Counts and logs a refusal decided before the payload (signature, size, body). */
  refuse(reason: RefusalReason, via: 'http' | 'socket'): void;
  /** Counts Slack's `ssl_check` probe. */
  sslCheck(): void;
  /** Counters: see {@link InteractionStats}. */
  stats(): InteractionStats;
  /** Resolves once nothing is being authorized or acted on. */
  idle(): Promise<void>;
  /** Refuses from now on (`closed`) and waits for running actions up to `timeoutMs`; true if they ended. */
  close(timeoutMs?: number): Promise<boolean>;
  /** Options the HTTP handler needs. */
  readonly signingSecret: string | undefined;
  readonly replayGuard: ReplayGuard;
  readonly maxBodyBytes: number;
  readonly now: () => number;
}

const NOT_ALLOWED_TEXT =
  'You are not allowed to act on this notification. Members of this channel (or the users and groups the app names) can.';
const FAILED_TEXT = 'That did not go through. Try again in a moment.';

function requireId(value: unknown, name: string, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new NotifierError('invalid_options', `${name} must be a Slack id matching ${pattern}`, {
      details: { option: name },
    });
  }
  return value;
}

/**
 * Builds the receiving side of the buttons: every policy of issue 12's inbound path (team and app checks,
 * known actions only, who may act, ack first then act, every refusal counted and logged without secrets).
 * Mount it with the Express or Nest adapter, `handleSlackInteraction`, or `startSocketModeReceiver`.
 * @throws NotifierError `invalid_options` for a missing or malformed team id, app id or actions.
 */
export function createSlackInteractions(options: SlackInteractionsOptions): SlackInteractions {
  const teamId = requireId(options.teamId, 'teamId', /^[TE][A-Z0-9]{2,}$/);
  const appId = requireId(options.appId, 'appId', /^A[A-Z0-9]{2,}$/);
  const { actions } = options;
  if (
    !actions ||
    ['acknowledge', 'mute', 'unmute', 'resolve'].some((m) => typeof actions[m as 'mute'] !== 'function')
  ) {
    throw new NotifierError(
      'invalid_options',
      'actions must implement acknowledge, mute, unmute and resolve',
    );
  }
  if (
    options.signingSecret !== undefined &&
    (typeof options.signingSecret !== 'string' || options.signingSecret === '')
  ) {
    throw new NotifierError('invalid_options', 'signingSecret must be a non-empty string');
  }
  const logger: Logger = options.logger ?? console;
  const now = options.now ?? Date.now;
  const maxPending = options.maxPending ?? 100;
  const directory =
    options.directory ??
    (options.token === undefined
      ? undefined
      : createSlackActorDirectory({
          token: options.token,
          ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
        }));
  const policy = createActorPolicy({
    ...(options.allow ? { allow: options.allow } : {}),
    ...(directory ? { directory } : {}),
    now,
  });
  const respond =
    options.responder ??
    createResponder({
      origins: [SLACK_RESPONSE_ORIGIN, ...(options.slackApiUrl ? [new URL(options.slackApiUrl).origin] : [])],
    });
  const ledger = createInteractionLedger();
  const running = new Set<Promise<void>>();
  let closed = false;

  // Ids only: never the body, the signature, the response_url or the secret.
  const logRefusal = (reason: RefusalReason, via: string, request?: BlockActionRequest) => {
    logger.warn('slack interaction refused', {
      source: 'backend-notifier',
      reason,
      via,
      ...(request
        ? { userId: request.userId, channelId: request.channelId, actionId: request.actionId }
        : {}),
      ...(reason === 'body_unavailable'
        ? {
            fix: 'a body parser read the request first: mount the handler before it, or keep the bytes on req.rawBody',
          }
        : {}),
    });
  };
  const refuse = (reason: RefusalReason, via: string, request?: BlockActionRequest) => {
    ledger.refused(reason);
    logRefusal(reason, via, request);
  };

  async function carryOut(request: BlockActionRequest, via: string): Promise<void> {
    const { allowed, error } = await policy(request.userId, request.channelId);
    if (error !== undefined) {
      logger.warn('slack interaction: could not check who may act; refused', {
        source: 'backend-notifier',
        error: error instanceof Error ? error.message : String(error),
      });
    }
    // A refusal here is counted by the ledger (authorized(false)), so it is only logged.
    ledger.authorized(allowed);
    if (!allowed) {
      logRefusal('not_allowed', via, request);
      if (request.responseUrl) await respond(request.responseUrl, ephemeral(NOT_ALLOWED_TEXT));
      return;
    }
    const by = {
      userId: request.userId,
      channelId: request.channelId,
      ...(request.userName === undefined ? {} : { userName: request.userName }),
      ...(request.messageTs === undefined ? {} : { messageTs: request.messageTs }),
    };
    try {
      await runAction(actions, request.actionId, request.key, by);
      ledger.finished(true);
    } catch (err) {
      ledger.finished(false);
      logger.error('slack interaction: the action failed', {
        source: 'backend-notifier',
        actionId: request.actionId,
        userId: request.userId,
        error: err instanceof Error ? err.message : String(err),
      });
      if (request.responseUrl) await respond(request.responseUrl, ephemeral(FAILED_TEXT));
    }
  }

  return {
    signingSecret: options.signingSecret,
    replayGuard: createReplayGuard(),
    maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
    now,
    receive(payload, via) {
      ledger.received();
      const verdict = check(payload);
      if (!verdict.ok) {
        refuse(verdict.reason, via, verdict.request);
        return { accepted: false, reason: verdict.reason };
      }
      ledger.authorizing();
      // Ack first: the work starts on the next turn, after the caller has answered Slack.
      const work = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => carryOut(verdict.request, via))
        .catch(() => undefined)
        .finally(() => running.delete(work));
      running.add(work);
      return { accepted: true };
    },
    refuse(reason, via) {
      ledger.received();
      refuse(reason, via);
    },
    sslCheck() {
      ledger.received();
      ledger.sslCheck();
    },
    stats: () => ledger.snapshot(),
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async close(timeoutMs = 5000) {
      closed = true;
      if (running.size === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const done = this.idle().then(() => true as const);
      const result = await Promise.race([done, deadline]);
      clearTimeout(timer);
      return result;
    },
  };

  function check(
    payload: unknown,
  ):
    | { ok: true; request: BlockActionRequest }
    | { ok: false; reason: RefusalReason; request?: BlockActionRequest } {
    if (closed) return { ok: false, reason: 'closed' };
    const read = readBlockAction(payload);
    if (!read.ok) return read;
    const { request } = read;
    if (request.teamId !== teamId) return { ok: false, reason: 'wrong_team', request };
    if (request.appId !== appId) return { ok: false, reason: 'wrong_app', request };
    if (running.size >= maxPending) return { ok: false, reason: 'busy', request };
    return { ok: true, request };
  }
}

function ephemeral(text: string): Record<string, unknown> {
  return { response_type: 'ephemeral', replace_original: false, text };
}
