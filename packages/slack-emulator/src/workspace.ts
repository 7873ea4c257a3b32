import type { IdGenerator } from './ids.js';
import type { EphemeralMessage } from './interactivity/interaction-types.js';
import { TokenStore, tokenKindOf } from './token-store.js';
import type { Channel, Message, WorkspaceSpec, WorkspaceUser } from './types.js';

/** A channel plus what only the server needs. */
export interface ChannelState extends Channel {
  creator: string;
  /** Epoch ms of the last change. */
  updated: number;
  /** All messages (top level and replies, deleted ones flagged), in ts order. */
  messages: Message[];
}

/** The default bot token scopes: our Slack app manifest. */
export const DEFAULT_BOT_SCOPES: readonly string[] = [
  'channels:manage',
  'channels:join',
  'channels:read',
  'chat:write',
  'chat:write.public',
  'groups:write',
  'groups:read',
  'channels:history',
  'groups:history',
];

/**
 * The icons Slack gives an app that has none of its own (the `bot_profile.icons` of a real 2025
 * `conversations.history` answer; the spec's `objs_bot_profile` requires these three sizes).
 */
export const DEFAULT_BOT_ICONS: Readonly<Record<'image_36' | 'image_48' | 'image_72', string>> = {
  image_36: 'https://a.slack-edge.com/80588/img/plugins/app/bot_36.png',
  image_48: 'https://a.slack-edge.com/80588/img/plugins/app/bot_48.png',
  image_72: 'https://a.slack-edge.com/80588/img/plugins/app/service_72.png',
};

const DEFAULT_USERS: WorkspaceUser[] = [
  { id: 'U0ALICE01', name: 'alice', realName: 'Alice Example' },
  { id: 'U0BOB0001', name: 'bob', realName: 'Bob Example' },
];

/** Formats epoch microseconds as a Slack ts (`"<10 digits>.<6 digits>"`). */
export function formatTs(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

/** Parses a ts (`"123"`, `"123.5"`, `"123.000456"`) to integer microseconds, exactly. */
export function tsToMicros(ts: string): number {
  const [sec = '0', frac = ''] = ts.split('.');
  return Number(sec) * 1e6 + Number(frac.padEnd(6, '0').slice(0, 6));
}

/** The whole mutable state of one emulated workspace. */
export class Workspace {
  readonly teamId: string;
  readonly teamName: string;
  readonly domain: string;
  readonly bot: { userId: string; botId: string; name: string; appId: string };
  /** `bot_profile.updated`: epoch seconds of the bot's last profile change, here when the workspace was made. */
  readonly botUpdated: number;
  readonly users: WorkspaceUser[];
  readonly tokens: TokenStore;
  readonly botToken: string;
  readonly channels = new Map<string, ChannelState>();
  /** Ephemeral messages (chat.postEphemeral, response_url), each seen only by its `user`. */
  readonly ephemerals: EphemeralMessage[] = [];
  #ids: IdGenerator;
  #now: () => number;
  #lastTsMicros = 0;

  constructor(spec: WorkspaceSpec, ids: IdGenerator, now: () => number, botScopes: readonly string[]) {
    this.#ids = ids;
    this.#now = now;
    this.teamId = spec.teamId ?? 'T0EMULATOR';
    this.teamName = spec.teamName ?? 'Emulated Workspace';
    this.domain = spec.domain ?? 'emulated';
    this.bot = {
      userId: spec.bot?.userId ?? 'U0EMULBOT',
      botId: spec.bot?.botId ?? 'B0EMULATOR',
      name: spec.bot?.name ?? 'notifier',
      appId: spec.bot?.appId ?? 'A0EMULATOR',
    };
    this.botUpdated = Math.floor(now() / 1000);
    this.users = (spec.users ?? DEFAULT_USERS).map((u) => ({ ...u }));
    this.tokens = new TokenStore(ids);
    // Always draw the generated token so ids that follow do not depend on whether one was given.
    const generated = this.tokens.generate('bot');
    this.botToken = spec.botToken ?? generated;
    this.tokens.add(this.botToken, 'bot', [...botScopes], this.bot.userId);
    for (const t of spec.tokens ?? []) {
      const kind = t.kind ?? tokenKindOf(t.token);
      this.tokens.add(t.token, kind, t.scopes, t.userId ?? this.#defaultUserFor(kind));
    }
    const specs = spec.channels ?? [];
    if (!specs.some((c) => c.isGeneral || c.name === 'general')) {
      this.addChannel({ name: 'general', isGeneral: true });
    }
    for (const c of specs) {
      this.addChannel({
        name: c.name,
        isPrivate: c.isPrivate ?? false,
        archived: c.archived ?? false,
        botMember: c.botMember ?? false,
        isGeneral: c.isGeneral ?? c.name === 'general',
        ...(c.id ? { id: c.id } : {}),
        ...(c.members ? { members: c.members } : {}),
      });
    }
  }

  #defaultUserFor(kind: 'bot' | 'user' | 'app'): string {
    return kind === 'bot' ? this.bot.userId : (this.users[0]?.id ?? 'U0ALICE01');
  }

  /** User a new token of this kind acts as. */
  defaultUserFor(kind: 'bot' | 'user' | 'app'): string {
    return this.#defaultUserFor(kind);
  }

  /** Current time in epoch ms (the configured clock). */
  now(): number {
    return this.#now();
  }

  /** A new message ts: from the clock, strictly greater than every earlier one. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.#now() * 1000), this.#lastTsMicros + 1);
    this.#lastTsMicros = micros;
    return formatTs(micros);
  }

  /** Adds a channel. Members default to every human for public channels. */
  addChannel(opts: {
    name: string;
    id?: string;
    isPrivate?: boolean;
    archived?: boolean;
    botMember?: boolean;
    isGeneral?: boolean;
    members?: string[];
    creator?: string;
  }): ChannelState {
    const isPrivate = opts.isPrivate ?? false;
    const members = opts.members ? [...opts.members] : isPrivate ? [] : this.users.map((u) => u.id);
    if (opts.botMember && !members.includes(this.bot.userId)) members.push(this.bot.userId);
    const nowMs = this.#now();
    const channel: ChannelState = {
      id: opts.id ?? this.#ids.id('C', 10),
      name: opts.name,
      isPrivate,
      isArchived: opts.archived ?? false,
      isGeneral: opts.isGeneral ?? false,
      members,
      created: Math.floor(nowMs / 1000),
      creator: opts.creator ?? this.users[0]?.id ?? this.bot.userId,
      updated: nowMs,
      messages: [],
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Finds a channel by id, or (when `byName`) by name with or without `#`. */
  findChannel(ref: string | undefined, byName = true): ChannelState | undefined {
    if (!ref) return undefined;
    const direct = this.channels.get(ref);
    if (direct || !byName) return direct;
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    for (const c of this.channels.values()) if (c.name === name) return c;
    return undefined;
  }

  /** The channel holding `name`, archived ones included. */
  channelByName(name: string): ChannelState | undefined {
    for (const c of this.channels.values()) if (c.name === name) return c;
    return undefined;
  }

  isMember(channel: ChannelState, userId: string): boolean {
    return channel.members.includes(userId);
  }

  /** Live (not deleted) message with this ts. */
  findMessage(channel: ChannelState, ts: string | undefined): Message | undefined {
    if (!ts) return undefined;
    return channel.messages.find((m) => m.ts === ts && !m.deleted);
  }

  /** The live root of the thread `m` replies in; undefined for a top-level message or a lost root. */
  threadRoot(channel: ChannelState, m: Message): Message | undefined {
    if (!m.threadTs || m.threadTs === m.ts) return undefined;
    return this.findMessage(channel, m.threadTs);
  }

  /** Replies of a thread, oldest first (live only). */
  replies(channel: ChannelState, threadTs: string): Message[] {
    return channel.messages.filter((m) => m.threadTs === threadTs && m.ts !== threadTs && !m.deleted);
  }

  touch(channel: ChannelState): void {
    channel.updated = this.#now();
  }

  userName(id: string): string {
    if (id === this.bot.userId) return this.bot.name;
    return this.users.find((u) => u.id === id)?.name ?? id;
  }
}
