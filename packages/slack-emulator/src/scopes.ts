import type { TokenKind } from './types.js';

type ScopeSets = { public: string[]; private: string[] };
type ScopeRule = { bot: ScopeSets; user: ScopeSets };

const both = (scopes: string[]): ScopeSets => ({ public: scopes, private: scopes });
const manage: ScopeRule = {
  bot: { public: ['channels:manage', 'channels:write'], private: ['groups:write'] },
  user: { public: ['channels:write'], private: ['groups:write'] },
};
const read: ScopeRule = {
  bot: { public: ['channels:read'], private: ['groups:read'] },
  user: { public: ['channels:read'], private: ['groups:read'] },
};
const history: ScopeRule = {
  bot: { public: ['channels:history'], private: ['groups:history'] },
  user: { public: ['channels:history'], private: ['groups:history'] },
};
const chatWrite: ScopeRule = { bot: both(['chat:write']), user: both(['chat:write']) };

// Hand-checked against the `scope` field of Slack's method docs (ref/*.json); first entry = `needed`.
const RULES: Record<string, ScopeRule | null> = {
  'auth.test': null,
  'chat.getPermalink': null,
  'chat.postMessage': chatWrite,
  'chat.update': chatWrite,
  'chat.delete': chatWrite,
  'chat.postEphemeral': chatWrite,
  'apps.connections.open': { bot: both(['connections:write']), user: both(['connections:write']) },
  'conversations.create': manage,
  'conversations.archive': manage,
  'conversations.unarchive': manage,
  'conversations.join': { bot: both(['channels:join']), user: both(['channels:write']) },
  'conversations.list': read,
  'conversations.info': read,
  'conversations.members': read,
  'conversations.history': history,
  'conversations.replies': history,
};

/** Scopes any one of which allows `method` on a channel of this privacy; [] when none are needed. */
export function acceptedScopes(method: string, kind: TokenKind, isPrivate: boolean): string[] {
  const rule = RULES[method];
  if (!rule) return [];
  const sets = kind === 'user' ? rule.user : rule.bot;
  return isPrivate ? sets.private : sets.public;
}
