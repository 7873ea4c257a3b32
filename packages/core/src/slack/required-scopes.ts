import { NotifierError } from '../errors.js';
import type { Logger } from '../types.js';

/** A feature of the notifier that needs Slack scopes. */
export type SlackFeature =
  | 'post'
  | 'create_public_channel'
  | 'create_private_channel'
  | 'join_public_channel'
  | 'find_public_channel'
  | 'find_private_channel'
  | 'post_without_join'
  | 'check_membership_public'
  | 'check_membership_private'
  | 'recover_by_history_public'
  | 'recover_by_history_private';

/** What a feature needs and whether start may go on without it. */
export interface FeatureScopes {
  scopes: readonly string[];
  /** Without these scopes the feature is switched off with a warning instead of failing start. */
  optional: boolean;
  /** What the feature does, in words, for error messages. */
  description: string;
}

/** Feature → the bot scopes it needs (checked against `X-OAuth-Scopes` at start). */
export const REQUIRED_SCOPES: Readonly<Record<SlackFeature, FeatureScopes>> = Object.freeze({
  post: { scopes: ['chat:write'], optional: false, description: 'post and update messages' },
  create_public_channel: {
    scopes: ['channels:manage'],
    optional: false,
    description: 'create the public channel',
  },
  create_private_channel: {
    scopes: ['groups:write'],
    optional: false,
    description: 'create the private channel',
  },
  join_public_channel: { scopes: ['channels:join'], optional: false, description: 'join the public channel' },
  find_public_channel: {
    scopes: ['channels:read'],
    optional: false,
    description: 'find an existing public channel by name',
  },
  find_private_channel: {
    scopes: ['groups:read'],
    optional: false,
    description: 'find an existing private channel by name',
  },
  post_without_join: {
    scopes: ['chat:write.public'],
    optional: false,
    description: 'post to a public channel without joining it',
  },
  check_membership_public: {
    scopes: ['channels:read'],
    optional: false,
    description: 'check membership of a public channel (health)',
  },
  check_membership_private: {
    scopes: ['groups:read'],
    optional: false,
    description: 'check membership of a private channel (health)',
  },
  recover_by_history_public: {
    scopes: ['channels:history'],
    optional: true,
    description: 'avoid duplicates after a timeout by looking the message up in a public channel history',
  },
  recover_by_history_private: {
    scopes: ['groups:history'],
    optional: true,
    description: 'avoid duplicates after a timeout by looking the message up in a private channel history',
  },
});

/**
 * Bot scopes of the Slack app manifest (`oauth_config.scopes.bot`): every feature, so one install works for
 * public and private channels with duplicate recovery on.
 */
export const MANIFEST_BOT_SCOPES: readonly string[] = Object.freeze([
  'chat:write',
  'chat:write.public',
  'channels:manage',
  'channels:join',
  'channels:read',
  'channels:history',
  'groups:write',
  'groups:read',
  'groups:history',
]);

/** Which features the notifier uses for one channel. */
export interface FeatureSelection {
  /** The channel is private. @default false */
  isPrivate?: boolean;
  /** Look messages up in history after a timeout (optional scopes). @default true */
  historyRecovery?: boolean;
  /** Post into a public channel without joining it (`chat:write.public`). @default false */
  postWithoutJoin?: boolean;
}

/** The features used for one channel with the given options. */
export function featuresFor(selection: FeatureSelection = {}): SlackFeature[] {
  const { isPrivate = false, historyRecovery = true, postWithoutJoin = false } = selection;
  const features: SlackFeature[] = ['post'];
  if (isPrivate) {
    features.push('create_private_channel', 'find_private_channel', 'check_membership_private');
    if (historyRecovery) features.push('recover_by_history_private');
  } else {
    features.push('create_public_channel', 'find_public_channel', 'check_membership_public');
    features.push(postWithoutJoin ? 'post_without_join' : 'join_public_channel');
    if (historyRecovery) features.push('recover_by_history_public');
  }
  return features;
}

/** The distinct scopes the features need, sorted. */
export function scopesFor(features: readonly SlackFeature[]): string[] {
  return [...new Set(features.flatMap((f) => REQUIRED_SCOPES[f].scopes))].sort();
}

/** One scope the token lacks, with the feature that needs it. */
export interface MissingScope {
  scope: string;
  feature: SlackFeature;
}

/** What {@link checkScopes} found. */
export interface ScopeCheck {
  /** Optional features switched off because their scopes are missing. */
  disabled: SlackFeature[];
  /** Missing scopes of those optional features. */
  missingOptional: MissingScope[];
}

/**
 * Compares the granted scopes with what `features` need. Missing scopes of required features throw
 * `NotifierError('missing_scopes')` listing every one with the feature that needs it
 * (`details: { missing: [{ scope, feature }] }`); missing scopes of optional features are logged as a
 * warning and reported in `disabled`.
 */
export function checkScopes(
  granted: readonly string[],
  features: readonly SlackFeature[],
  logger?: Logger,
): ScopeCheck {
  const have = new Set(granted);
  const missing: MissingScope[] = [];
  const missingOptional: MissingScope[] = [];
  const disabled = new Set<SlackFeature>();
  for (const feature of new Set(features)) {
    const entry = REQUIRED_SCOPES[feature];
    for (const scope of entry.scopes) {
      if (have.has(scope)) continue;
      if (entry.optional) {
        missingOptional.push({ scope, feature });
        disabled.add(feature);
      } else {
        missing.push({ scope, feature });
      }
    }
  }
  if (missing.length > 0) {
    const lines = missing.map((m) => `${m.scope} (to ${REQUIRED_SCOPES[m.feature].description})`);
    throw new NotifierError(
      'missing_scopes',
      `The Slack bot token lacks ${missing.length === 1 ? 'a scope' : 'scopes'}: ${lines.join(', ')}. Add ${missing.length === 1 ? 'it' : 'them'} under "OAuth & Permissions" → "Bot Token Scopes" and reinstall the app.`,
      { details: { missing } },
    );
  }
  for (const m of missingOptional) {
    logger?.warn(
      `Slack scope ${m.scope} is missing: cannot ${REQUIRED_SCOPES[m.feature].description}; after a timeout a message may be posted twice`,
      { source: 'backend-notifier', scope: m.scope, feature: m.feature },
    );
  }
  return { disabled: [...disabled], missingOptional };
}
