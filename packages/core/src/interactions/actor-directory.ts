import type { WebClient } from '@slack/web-api';
import { createWebClient } from '../slack/create-web-client.js';
import type { MaybePromise } from '../types.js';

/** Where the receiver learns who may act. The Slack-backed default is {@link createSlackActorDirectory}. */
export interface ActorDirectory {
  /** Whether `userId` is a member of `channelId`. */
  isChannelMember(channelId: string, userId: string): Promise<boolean>;
  /** The user ids in user group `groupId` (`S…`). */
  groupMembers(groupId: string): Promise<readonly string[]>;
}

/** Options of {@link createSlackActorDirectory}. */
export interface SlackActorDirectoryOptions {
  /** The bot token (`xoxb-…`), or a provider of the current one. */
  token: string | (() => MaybePromise<string>);
  /** Base URL of the Slack Web API. @default 'https://slack.com/api/' */
  slackApiUrl?: string;
  /** Per-request timeout in ms. @default 2000 (the answer to the user is due within Slack's 3 s) */
  timeoutMs?: number;
  /** `conversations.members` pages read at most (200 members each). @default 50 */
  maxPages?: number;
}

interface MembersPage {
  members?: string[];
  response_metadata?: { next_cursor?: string };
}

/**
 * Asks Slack: `conversations.members` (paginated; `channels:read`/`groups:read`) for channel membership
 * and `usergroups.users.list` (`usergroups:read`) for groups. The client is built like the notifier's
 * (`retries: 0`, `rejectRateLimitedCalls`, a finite timeout); a failed look-up rejects, and the policy
 * then refuses (fail closed).
 */
export function createSlackActorDirectory(options: SlackActorDirectoryOptions): ActorDirectory {
  const client: WebClient = createWebClient({
    ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
    timeoutMs: options.timeoutMs ?? 2000,
  });
  const maxPages = options.maxPages ?? 50;
  const token = async () => (typeof options.token === 'function' ? await options.token() : options.token);
  return {
    async isChannelMember(channelId, userId) {
      let cursor: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const res = (await client.apiCall('conversations.members', {
          token: await token(),
          channel: channelId,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        })) as MembersPage;
        if (res.members?.includes(userId)) return true;
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) return false;
      }
      return false;
    },
    async groupMembers(groupId) {
      const res = (await client.apiCall('usergroups.users.list', {
        token: await token(),
        usergroup: groupId,
      })) as {
        users?: string[];
      };
      return res.users ?? [];
    },
  };
}
