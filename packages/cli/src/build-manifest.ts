import { MANIFEST_BOT_SCOPES } from '@backend-notifier/core';
import { type FeatureSelection, scopeNeeds } from './feature-scopes.js';

/** Longest app name a manifest accepts (`display_information.name`). */
export const MAX_APP_NAME_LENGTH = 35;
/** Longest bot user name a manifest accepts (`features.bot_user.display_name`). */
export const MAX_BOT_NAME_LENGTH = 80;
/** Longest short description (`display_information.description`). */
export const MAX_DESCRIPTION_LENGTH = 140;

/** Options of {@link buildManifest}. */
export interface ManifestOptions extends FeatureSelection {
  /** The app's name in Slack. @default 'Backend Notifier' */
  name?: string;
  /** The bot user's display name. @default the app name */
  botName?: string;
  /** @default 'Posts backend errors, deployments and alerts to Slack.' */
  description?: string;
  /** Every scope of every feature (public and private channels), whatever the selection. @default false */
  all?: boolean;
  /**
   * How Slack's button clicks reach the app: `socket` (Socket Mode; needs an app-level token with
   * `connections:write`, made in the app's Basic Information page) or `http` (the `requestUrl`).
   * @default none (no buttons)
   */
  interactivity?: 'socket' | 'http';
  /** The interactivity Request URL for `http` (e.g. `https://api.example.com/slack/interactions`). @default none */
  requestUrl?: string;
  /** User groups may act on the buttons (`allow.groups`): adds `usergroups:read`. @default false */
  userGroups?: boolean;
}

/** Longest interactivity Request URL a manifest accepts. */
export const MAX_REQUEST_URL_LENGTH = 3500;

/** Checks the interactivity settings; the problem, or `undefined`. */
export function checkInteractivity(options: ManifestOptions): NameProblem | undefined {
  if (options.interactivity === 'http') {
    const url = options.requestUrl ?? '';
    if (!/^https?:\/\/\S+$/.test(url) || url.length > MAX_REQUEST_URL_LENGTH) {
      return {
        field: 'request URL',
        problem: `HTTP interactivity needs --request-url, an http(s) URL of at most ${MAX_REQUEST_URL_LENGTH} characters`,
      };
    }
  } else if (options.requestUrl !== undefined) {
    return { field: 'request URL', problem: 'it is only used with --interactivity http' };
  }
  return undefined;
}

/** A name Slack would refuse or show differently, with what to use instead. */
export interface NameProblem {
  field: string;
  problem: string;
  /** A corrected value, when one can be proposed. */
  suggestion?: string;
}

// Slack stores these three HTML-escaped: an app named "Ops & Alerts" shows as "Ops &amp; Alerts".
const MANGLED: Readonly<Record<string, string>> = { '&': ' and ', '<': '', '>': '' };

/** Checks one display string of the manifest; `undefined` when Slack will show it as written. */
export function checkDisplayName(field: string, value: string, maxLength: number): NameProblem | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return { field, problem: 'it is empty' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for.
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    return { field, problem: 'it contains control characters (newline, tab…)' };
  }
  const mangled = [...new Set(trimmed.match(/[&<>]/g) ?? [])];
  if (mangled.length > 0) {
    const suggestion = trimmed
      .replace(/[&<>]/g, (c) => MANGLED[c] ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    return {
      field,
      problem: `it contains ${mangled.map((c) => `"${c}"`).join(', ')}, which Slack HTML-escapes (it would show as ${JSON.stringify(trimmed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))})`,
      suggestion: suggestion.slice(0, maxLength),
    };
  }
  if (trimmed.length > maxLength) {
    return {
      field,
      problem: `it has ${trimmed.length} characters; Slack allows at most ${maxLength}`,
      suggestion: trimmed.slice(0, maxLength).trim(),
    };
  }
  return undefined;
}

/** Every problem of the names and description in `options`. */
export function checkManifestOptions(options: ManifestOptions): NameProblem[] {
  const name = options.name ?? 'Backend Notifier';
  const checks = [checkDisplayName('app name', name, MAX_APP_NAME_LENGTH)];
  // The bot name defaults to the app name: only a name of its own needs a check (and a message) of its own.
  if (options.botName !== undefined) {
    checks.push(checkDisplayName('bot name', options.botName, MAX_BOT_NAME_LENGTH));
  }
  if (options.description !== undefined) {
    checks.push(checkDisplayName('description', options.description, MAX_DESCRIPTION_LENGTH));
  }
  checks.push(checkInteractivity(options));
  return checks.filter((c): c is NameProblem => c !== undefined);
}

/** The bot scopes the manifest asks for. */
export function manifestScopes(options: ManifestOptions): string[] {
  const scopes = options.all ? [...MANIFEST_BOT_SCOPES] : scopeNeeds(options).map((n) => n.scope);
  // Who may act is checked with conversations.members (the channel's *:read scope, already asked for) and,
  // for user groups, usergroups.users.list.
  if (options.userGroups && !scopes.includes('usergroups:read')) scopes.push('usergroups:read');
  return scopes;
}

// Double-quoted YAML scalars use JSON's escapes, so JSON.stringify gives a valid, unambiguous scalar.
const q = (s: string) => JSON.stringify(s);

/**
 * The Slack app manifest (YAML) for a notifier with these features: paste it in "Create New App" → "From a
 * manifest". Call {@link checkManifestOptions} first: this function does not validate the names.
 */
export function buildManifest(options: ManifestOptions = {}): string {
  const name = (options.name ?? 'Backend Notifier').trim();
  const botName = (options.botName ?? name).trim();
  const description = (
    options.description ?? 'Posts backend errors, deployments and alerts to Slack.'
  ).trim();
  const scopes = manifestScopes(options);
  return [
    '_metadata:',
    '  major_version: 1',
    '  minor_version: 1',
    'display_information:',
    `  name: ${q(name)}`,
    `  description: ${q(description)}`,
    'features:',
    '  bot_user:',
    `    display_name: ${q(botName)}`,
    '    always_online: false',
    'oauth_config:',
    '  scopes:',
    '    bot:',
    ...scopes.map((s) => `      - ${q(s)}`),
    'settings:',
    ...(options.interactivity === undefined
      ? []
      : [
          '  interactivity:',
          '    is_enabled: true',
          ...(options.interactivity === 'http' ? [`    request_url: ${q(options.requestUrl ?? '')}`] : []),
        ]),
    '  org_deploy_enabled: false',
    `  socket_mode_enabled: ${options.interactivity === 'socket'}`,
    '  token_rotation_enabled: false',
    '',
  ].join('\n');
}
