/**
 * Which bot scopes a notifier set-up needs. Mirrors the feature table of `@backend-notifier/core`, whose
 * public entry only exports the full list (`MANIFEST_BOT_SCOPES`); a test keeps the two in step.
 */

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

/** The scopes a set-up needs, in a stable order (required first). */
export function scopeNeeds(selection: FeatureSelection = {}): ScopeNeed[] {
  const { isPrivate = false, history = true, postWithoutJoin = false } = selection;
  const needs: ScopeNeed[] = [{ scope: 'chat:write', purpose: 'post and update messages', optional: false }];
  if (isPrivate) {
    needs.push(
      { scope: 'groups:write', purpose: 'create the private channel', optional: false },
      { scope: 'groups:read', purpose: 'find the private channel and check membership', optional: false },
    );
    if (history) {
      needs.push({
        scope: 'groups:history',
        purpose: 'avoid duplicates after a timeout (look the message up in history)',
        optional: true,
      });
    }
  } else {
    needs.push(
      { scope: 'channels:manage', purpose: 'create the public channel', optional: false },
      { scope: 'channels:read', purpose: 'find the public channel and check membership', optional: false },
      postWithoutJoin
        ? { scope: 'chat:write.public', purpose: 'post without joining the channel', optional: false }
        : { scope: 'channels:join', purpose: 'join the public channel', optional: false },
    );
    if (history) {
      needs.push({
        scope: 'channels:history',
        purpose: 'avoid duplicates after a timeout (look the message up in history)',
        optional: true,
      });
    }
  }
  return needs;
}
