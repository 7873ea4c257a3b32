import type { ActorDirectory } from './actor-directory.js';

/** Who may press the buttons. Anyone else is told "not allowed" and nothing changes. */
export interface AllowOptions {
  /** Members of the channel the message is in may act. @default true */
  channelMembers?: boolean;
  /** These user ids (`U…`/`W…`) may act, wherever the message is. @default [] */
  users?: readonly string[];
  /** Members of these user groups (`S…`) may act (needs `usergroups:read`). @default [] */
  groups?: readonly string[];
}

/** Options of {@link createActorPolicy}. */
export interface ActorPolicyOptions {
  allow?: AllowOptions;
  directory?: ActorDirectory;
  /** How long a look-up answer is reused, in ms. @default 60000 */
  cacheMs?: number;
  /** Answers kept at most (bounded memory). @default 1000 */
  maxCached?: number;
  now?: () => number;
}

/** Decides whether `userId` may act on a message in `channelId`; never rejects. */
export type ActorPolicy = (
  userId: string,
  channelId: string,
) => Promise<{ allowed: boolean; error?: unknown }>;

/**
 * The "who may act" policy: an explicit user list first (no Slack call), then user groups, then channel
 * membership. A look-up that fails refuses (fail closed) and reports the error for the log; answers are
 * cached for `cacheMs` in a bounded map so a burst of clicks costs one look-up.
 */
export function createActorPolicy(options: ActorPolicyOptions = {}): ActorPolicy {
  const allow = options.allow ?? {};
  const channelMembers = allow.channelMembers ?? true;
  const users = new Set(allow.users ?? []);
  const groups = allow.groups ?? [];
  const cacheMs = options.cacheMs ?? 60_000;
  const maxCached = options.maxCached ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; value: unknown }>();

  async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && now() - hit.at < cacheMs) return hit.value as T;
    const value = await load();
    cache.delete(key);
    if (cache.size >= maxCached) cache.delete(cache.keys().next().value as string);
    cache.set(key, { at: now(), value });
    return value;
  }

  return async (userId, channelId) => {
    if (users.has(userId)) return { allowed: true };
    const directory = options.directory;
    if (!directory || (groups.length === 0 && !channelMembers)) return { allowed: false };
    try {
      for (const group of groups) {
        const members = await cached(`g:${group}`, () => directory.groupMembers(group));
        if (members.includes(userId)) return { allowed: true };
      }
      if (channelMembers) {
        const member = await cached(`c:${channelId}:${userId}`, () =>
          directory.isChannelMember(channelId, userId),
        );
        if (member) return { allowed: true };
      }
      return { allowed: false };
    } catch (error) {
      return { allowed: false, error };
    }
  };
}
