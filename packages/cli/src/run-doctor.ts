import { tokenKind } from '@backend-notifier/core';
import type { WebClient } from '@slack/web-api';
import type { SlackTarget } from './common-options.js';
import { createCliClient } from './create-cli-client.js';
import { type FeatureSelection, scopeNeeds } from './feature-scopes.js';
import { authFix, slackFailure } from './slack-failure.js';

/** One line of the doctor's screen. */
export interface DoctorCheck {
  status: 'ok' | 'warn' | 'fail' | 'skip';
  /** Short label: token, auth, scope, channel, membership. */
  name: string;
  /** What was found. Never contains the token. */
  detail: string;
  /** The exact fix, for `warn` and `fail`. */
  fix?: string;
}

/** What {@link runDoctor} found. */
export interface DoctorReport {
  checks: DoctorCheck[];
  /** True when no check failed (warnings allowed). */
  ok: boolean;
}

interface ChannelFound {
  id: string;
  isArchived: boolean;
  isMember: boolean | undefined;
}

const MAX_LIST_PAGES = 50;

async function findChannel(
  client: WebClient,
  name: string,
  isPrivate: boolean,
): Promise<ChannelFound | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const res = await client.conversations.list({
      types: isPrivate ? 'private_channel' : 'public_channel',
      exclude_archived: false,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    const hit = res.channels?.find((c) => c.name === name);
    if (hit?.id) return { id: hit.id, isArchived: hit.is_archived === true, isMember: hit.is_member };
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

async function isMember(client: WebClient, channel: string, userId: string): Promise<boolean> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const res = await client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
    if (res.members?.includes(userId)) return true;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return false;
  }
  return false;
}

const scopeFix = (scopes: string[]) =>
  `add ${scopes.length === 1 ? 'scope' : 'scopes'} ${scopes.join(', ')} in your app's OAuth & Permissions → Bot Token Scopes, then reinstall the app (and use the new token if it changes)`;

/**
 * Checks what the notifier needs, in order, and stops where a later check could not mean anything: the
 * token (present, a bot token), `auth.test`, the granted scopes against the features in use, then the
 * channel (exists, not archived, the bot a member). Never throws for Slack problems; never shows the token.
 */
export async function runDoctor(
  target: SlackTarget,
  selection: FeatureSelection = {},
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const done = () => ({ checks, ok: !checks.some((c) => c.status === 'fail') });
  const skipRest = (why: string) => {
    for (const name of ['auth', 'scopes', 'channel', 'membership']) {
      if (!checks.some((c) => c.name === name)) checks.push({ status: 'skip', name, detail: why });
    }
  };

  if (target.token === undefined) {
    checks.push({
      status: 'fail',
      name: 'token',
      detail: `no token in $${target.tokenEnv}`,
      fix: `export ${target.tokenEnv}=xoxb-… with the "Bot User OAuth Token" from your app's OAuth & Permissions page`,
    });
    skipRest('no token');
    return done();
  }
  const kind = tokenKind(target.token);
  if (kind.kind !== 'bot') {
    const hint =
      kind.kind === 'user'
        ? 'a user token acts as a person, not the bot; '
        : kind.kind === 'app'
          ? 'app-level tokens are for Socket Mode only; '
          : '';
    checks.push({
      status: 'fail',
      name: 'token',
      detail: `$${target.tokenEnv} holds ${kind.description}, not a bot token (xoxb-)`,
      fix: `${hint}use the "Bot User OAuth Token" (xoxb-…) from your app's OAuth & Permissions page`,
    });
    skipRest('needs a bot token');
    return done();
  }
  checks.push({ status: 'ok', name: 'token', detail: `${kind.description} in $${target.tokenEnv}` });

  const client = createCliClient(target.token, target.apiUrl);
  let auth: Awaited<ReturnType<WebClient['auth']['test']>>;
  try {
    auth = await client.auth.test();
  } catch (error) {
    const failure = slackFailure(error);
    checks.push({
      status: 'fail',
      name: 'auth',
      detail: `auth.test failed: ${failure.code}`,
      fix: authFix(failure, target.apiUrl),
    });
    skipRest('auth.test failed');
    return done();
  }
  const botName = auth.user ?? 'your-bot';
  checks.push({
    status: 'ok',
    name: 'auth',
    detail: `workspace ${JSON.stringify(auth.team ?? '?')} (${auth.team_id ?? '?'}), bot @${botName} (${auth.user_id ?? '?'})`,
  });

  const granted = auth.response_metadata?.scopes;
  const needs = scopeNeeds(selection);
  const missing = new Set<string>();
  if (granted === undefined) {
    checks.push({
      status: 'warn',
      name: 'scopes',
      detail: 'Slack sent no X-OAuth-Scopes header: the scopes cannot be checked',
      fix: `make sure the app has these bot scopes: ${needs.map((n) => n.scope).join(', ')}`,
    });
  } else {
    for (const need of needs) {
      if (granted.includes(need.scope)) continue;
      missing.add(need.scope);
      // A token set up to post without joining only lacks channels:join for the default features.
      const alternative =
        need.scope === 'channels:join' && granted.includes('chat:write.public')
          ? '; or, since chat:write.public is granted, post without joining (--post-without-join here, and in the app)'
          : '';
      checks.push({
        status: need.optional ? 'warn' : 'fail',
        name: 'scopes',
        detail: `missing ${need.scope}: cannot ${need.purpose}`,
        fix: `${scopeFix([need.scope])}${alternative}`,
      });
    }
    if (missing.size === 0) {
      checks.push({
        status: 'ok',
        name: 'scopes',
        detail: `granted: ${needs.map((n) => n.scope).join(', ')}`,
      });
    }
  }

  const isPrivate = selection.isPrivate ?? false;
  const readScope = isPrivate ? 'groups:read' : 'channels:read';
  if (missing.has(readScope)) {
    skipRest(`needs ${readScope} to look #${target.channel} up`);
    return done();
  }
  let channel: ChannelFound | undefined;
  try {
    channel = await findChannel(client, target.channel, isPrivate);
  } catch (error) {
    const failure = slackFailure(error);
    checks.push({
      status: 'fail',
      name: 'channel',
      detail: `could not list channels: ${failure.code}`,
      fix: failure.needed ? scopeFix(failure.needed.split(',')) : authFix(failure, target.apiUrl),
    });
    skipRest('channel lookup failed');
    return done();
  }
  if (!channel) {
    const createScope = isPrivate ? 'groups:write' : 'channels:manage';
    if (isPrivate) {
      checks.push({
        status: 'warn',
        name: 'channel',
        detail: `no private channel #${target.channel} that the bot can see`,
        fix: `if #${target.channel} exists, invite the bot: type /invite @${botName} in #${target.channel}; otherwise the notifier creates it (needs ${createScope})`,
      });
    } else if (missing.has(createScope)) {
      checks.push({
        status: 'fail',
        name: 'channel',
        detail: `#${target.channel} does not exist and the notifier cannot create it`,
        fix: `create #${target.channel} in Slack, or ${scopeFix([createScope])}`,
      });
    } else {
      checks.push({
        status: 'ok',
        name: 'channel',
        detail: `#${target.channel} does not exist yet: the notifier creates it on start`,
      });
    }
    checks.push({ status: 'skip', name: 'membership', detail: 'no channel yet' });
    return done();
  }
  if (channel.isArchived) {
    checks.push({
      status: 'fail',
      name: 'channel',
      detail: `#${target.channel} (${channel.id}) is archived: nothing can be posted there`,
      fix: `unarchive it in Slack (open #${target.channel} → channel details → Settings → Unarchive channel), or choose another channel with --channel`,
    });
    checks.push({ status: 'skip', name: 'membership', detail: 'channel archived' });
    return done();
  }
  checks.push({ status: 'ok', name: 'channel', detail: `#${target.channel} exists (${channel.id})` });

  let member = channel.isMember;
  if (auth.user_id) {
    try {
      // Membership is checked with the bot's *user* id (auth.test user_id), not its bot id.
      member = await isMember(client, channel.id, auth.user_id);
    } catch {
      // Keep the answer of conversations.list (relative to the caller, i.e. the bot).
    }
  }
  if (member === true) {
    checks.push({
      status: 'ok',
      name: 'membership',
      detail: `@${botName} is a member of #${target.channel}`,
    });
  } else if (selection.postWithoutJoin && !isPrivate) {
    checks.push({
      status: 'ok',
      name: 'membership',
      detail: `@${botName} is not a member of #${target.channel}; it posts without joining (chat:write.public)`,
    });
  } else {
    const joinHint = isPrivate
      ? ''
      : missing.has('channels:join')
        ? ''
        : ' (or let the notifier join it: it joins public channels by itself with channels:join)';
    checks.push({
      status: 'fail',
      name: 'membership',
      detail: `@${botName} is not a member of #${target.channel}`,
      fix: `invite the bot: type /invite @${botName} in #${target.channel}${joinHint}`,
    });
  }
  return done();
}
