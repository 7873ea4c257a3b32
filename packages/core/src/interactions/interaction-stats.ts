import type { RefusalReason } from './refusal-reason.js';

/**
 * What the receiver did with what it received. Every request ends in exactly one bucket:
 * `received = accepted + sum(refused) + authorizing + sslChecks`; and `accepted = acted + failed + acting`.
 */
export interface InteractionStats {
  /** Requests and envelopes seen. */
  received: number;
  /** Passed every check (signature, payload, team, app, action, who may act) and handed to the actions. */
  accepted: number;
  /** Refused, by reason. */
  refused: Partial<Record<RefusalReason, number>>;
  /** Acked, and the user's right to act is being checked. */
  authorizing: number;
  /** Accepted and being carried out. */
  acting: number;
  /** Accepted and carried out. */
  acted: number;
  /** Accepted, but the action rejected (the user was told). */
  failed: number;
  /** Slack's `ssl_check` probes answered. */
  sslChecks: number;
}

/** The receiver's counters; the only place they change. */
export interface InteractionLedger {
  received(): void;
  refused(reason: RefusalReason): void;
  sslCheck(): void;
  authorizing(): void;
  /** Leaves `authorizing` as accepted (true) or refused `not_allowed` (false). */
  authorized(allowed: boolean): void;
  /** Leaves `acting` as acted or failed. */
  finished(ok: boolean): void;
  snapshot(): InteractionStats;
}

export function createInteractionLedger(): InteractionLedger {
  const s: InteractionStats = {
    received: 0,
    accepted: 0,
    refused: {},
    authorizing: 0,
    acting: 0,
    acted: 0,
    failed: 0,
    sslChecks: 0,
  };
  const refuse = (reason: RefusalReason) => {
    s.refused[reason] = (s.refused[reason] ?? 0) + 1;
  };
  return {
    received: () => void s.received++,
    refused: refuse,
    sslCheck: () => void s.sslChecks++,
    authorizing: () => void s.authorizing++,
    authorized(allowed) {
      s.authorizing--;
      if (allowed) {
        s.accepted++;
        s.acting++;
      } else refuse('not_allowed');
    },
    finished(ok) {
      s.acting--;
      if (ok) s.acted++;
      else s.failed++;
    },
    snapshot: () => ({ ...s, refused: { ...s.refused } }),
  };
}
