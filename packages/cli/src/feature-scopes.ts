/**
 * Which bot scopes a notifier set-up needs, one line per scope with what it is for: a view of core's
 * feature table (`featuresFor`, `REQUIRED_SCOPES`), so the CLI and the notifier can never disagree.
 */
import { featuresFor, REQUIRED_SCOPES } from '@backend-notifier/core';

/** What the notifier does for one channel. */
export interface FeatureSelection {
  /** The channel is private (created with `groups:write`, found with `groups:read`). @default false */
  isPrivate?: boolean;
  /** Look a timed-out message up in the channel history before posting again. @default true */
  history?: boolean;
  /** Post to a public channel without joining it (`chat:write.public` instead of `channels:join`). @default false */
  postWithoutJoin?: boolean;
}

/** One needed scope and why. */
export interface ScopeNeed {
  scope: string;
  /** What the notifier cannot do without it, e.g. "join the public channel". */
  purpose: string;
  /** Without it the notifier still works, with that feature off. */
  optional: boolean;
}

/** The scopes a set-up needs, once each, in core's feature order (the first feature needing it names it). */
export function scopeNeeds(selection: FeatureSelection = {}): ScopeNeed[] {
  const { isPrivate = false, history = true, postWithoutJoin = false } = selection;
  const needs = new Map<string, ScopeNeed>();
  for (const feature of featuresFor({ isPrivate, historyRecovery: history, postWithoutJoin })) {
    const { scopes, optional, description } = REQUIRED_SCOPES[feature];
    for (const scope of scopes) {
      if (!needs.has(scope)) needs.set(scope, { scope, purpose: description, optional });
    }
  }
  return [...needs.values()];
}
