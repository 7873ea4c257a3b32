import type { EventEmitter } from 'node:events';
import type { EmulatorCore } from './core.js';
import { InteractivityControl } from './interactivity/interactivity-control.js';
import type { TokenState } from './token-store.js';
import type {
  ChangeEvent,
  Channel,
  Fault,
  FaultSpec,
  Message,
  RateLimitConfig,
  RateLimitOptions,
  RequestLogEntry,
  TokenKind,
  WorkspaceSpec,
  WorkspaceUser,
} from './types.js';
import { validateChannelName } from './validation/channel-name.js';
import type { ChannelState } from './workspace.js';

function channelView(c: ChannelState): Channel {
  return {
    id: c.id,
    name: c.name,
    isPrivate: c.isPrivate,
    isArchived: c.isArchived,
    isGeneral: c.isGeneral,
    members: [...c.members],
    created: c.created,
  };
}

function messageView(m: Message): Message {
  return structuredClone(m);
}

/** Options of `EmulatorControl.createChannel`. */
export interface CreateChannelOptions {
  name: string;
  /** @default false */
  isPrivate?: boolean;
  /** @default false */
  archived?: boolean;
  /** @default false */
  botMember?: boolean;
}

/** Drives the emulator from tests: state, tokens, channels, faults, the request log. */
export class EmulatorControl {
  #core: EmulatorCore;
  #baseUrl: () => string;
  /** Interactivity: the app's settings, button clicks, Socket Mode, forged requests. */
  readonly interactivity: InteractivityControl;

  constructor(core: EmulatorCore, baseUrl: () => string) {
    this.#core = core;
    this.#baseUrl = baseUrl;
    this.interactivity = new InteractivityControl(core, baseUrl);
  }

  /** Emits `'change'` with a `ChangeEvent` on every change. */
  get events(): EventEmitter {
    return this.#core.events;
  }

  /** Back to the initial workspace; clears faults, rate-limit buckets, the request log and webhooks. */
  reset(): void {
    this.#core.reset();
  }

  /** Replaces the state with `workspace` (the default bot token is kept unless it names one). */
  seed(workspace: WorkspaceSpec): void {
    this.#core.replaceWorkspace(workspace);
  }

  /** Team, bot user and human users of the workspace. */
  info(): {
    teamId: string;
    teamName: string;
    domain: string;
    bot: { userId: string; botId: string; name: string; appId: string };
    users: WorkspaceUser[];
  } {
    const ws = this.#core.ws;
    return {
      teamId: ws.teamId,
      teamName: ws.teamName,
      domain: ws.domain,
      bot: { ...ws.bot },
      users: ws.users.map((u) => ({ ...u })),
    };
  }

  /** The default bot token (a fake token of this emulator; also printed by the bin). */
  botToken(): string {
    return this.#core.ws.botToken;
  }

  /** Creates a token with these scopes. @returns the token string */
  createToken(opts: { scopes: string[]; kind?: TokenKind; userId?: string }): string {
    const ws = this.#core.ws;
    const kind = opts.kind ?? 'bot';
    const token = ws.tokens.generate(kind);
    ws.tokens.add(token, kind, opts.scopes, opts.userId ?? ws.defaultUserFor(kind));
    return token;
  }

  #setTokenState(token: string, state: TokenState): void {
    if (!this.#core.ws.tokens.setState(token, state)) throw new Error('unknown token');
  }

  /** Later calls get `token_revoked`. */
  revokeToken(token: string): void {
    this.#setTokenState(token, 'token_revoked');
  }

  /** Later calls get `token_expired`. */
  expireToken(token: string): void {
    this.#setTokenState(token, 'token_expired');
  }

  /** Later calls get `account_inactive`. */
  setTokenInactive(token: string): void {
    this.#setTokenState(token, 'account_inactive');
  }

  /** Forgets the token: later calls get `invalid_auth`. */
  deleteToken(token: string): void {
    if (!this.#core.ws.tokens.delete(token)) throw new Error('unknown token');
  }

  #channel(ref: string): ChannelState {
    const channel = this.#core.ws.findChannel(ref, true);
    if (!channel) throw new Error(`no channel ${ref}`);
    return channel;
  }

  #changed(channel: ChannelState): void {
    this.#core.ws.touch(channel);
    this.#core.emit({ type: 'channel', channel: channel.id });
  }

  /** Creates a channel directly (no API call, no rate limit). Name rules as conversations.create. */
  createChannel(opts: CreateChannelOptions): Channel {
    const invalid = validateChannelName(opts.name);
    if (invalid) throw new Error(invalid);
    if (this.#core.ws.channelByName(opts.name)) throw new Error('name_taken');
    const channel = this.#core.ws.addChannel(opts);
    this.#core.emit({ type: 'channel', channel: channel.id });
    return channelView(channel);
  }

  archiveChannel(ref: string): void {
    const channel = this.#channel(ref);
    channel.isArchived = true;
    this.#changed(channel);
  }

  unarchiveChannel(ref: string): void {
    const channel = this.#channel(ref);
    channel.isArchived = false;
    this.#changed(channel);
  }

  /** Removes the channel; API calls then get `channel_not_found` and its name is free again. */
  deleteChannel(ref: string): void {
    const channel = this.#channel(ref);
    this.#core.ws.channels.delete(channel.id);
    this.#core.emit({ type: 'channel', channel: channel.id });
  }

  renameChannel(ref: string, name: string): void {
    const invalid = validateChannelName(name);
    if (invalid) throw new Error(invalid);
    const channel = this.#channel(ref);
    const holder = this.#core.ws.channelByName(name);
    if (holder && holder !== channel) throw new Error('name_taken');
    channel.name = name;
    this.#changed(channel);
  }

  /** The bot leaves the channel. */
  removeBot(ref: string): void {
    const channel = this.#channel(ref);
    const bot = this.#core.ws.bot.userId;
    channel.members = channel.members.filter((m) => m !== bot);
    this.#changed(channel);
  }

  /** The bot joins the channel (whatever its type or state). */
  addBot(ref: string): void {
    const channel = this.#channel(ref);
    const bot = this.#core.ws.bot.userId;
    if (!channel.members.includes(bot)) channel.members.push(bot);
    this.#changed(channel);
  }

  channels(): Channel[] {
    return [...this.#core.ws.channels.values()].map(channelView);
  }

  channel(ref: string): Channel | undefined {
    const channel = this.#core.ws.findChannel(ref, true);
    return channel ? channelView(channel) : undefined;
  }

  /** Messages of a channel in ts order, replies and deleted ones included. [] for an unknown channel. */
  messages(ref: string): Message[] {
    const channel = this.#core.ws.findChannel(ref, true);
    return channel ? channel.messages.map(messageView) : [];
  }

  addFault(spec: FaultSpec): string {
    const id = this.#core.faults.add(spec).id;
    this.#core.emit({ type: 'fault' });
    return id;
  }

  removeFault(id: string): boolean {
    const removed = this.#core.faults.remove(id);
    this.#core.emit({ type: 'fault' });
    return removed;
  }

  clearFaults(): void {
    this.#core.faults.clear();
    this.#core.emit({ type: 'fault' });
  }

  faults(): Fault[] {
    return this.#core.faults.list();
  }

  /** Recorded calls in arrival order; `since` = only entries with a greater `seq`. */
  requestLog(since?: number): RequestLogEntry[] {
    return this.#core.log.list(since);
  }

  clearRequestLog(): void {
    this.#core.log.clear();
  }

  rateLimits(): RateLimitConfig {
    return structuredClone(this.#core.rateLimits);
  }

  /** Merges into the rate-limit configuration and empties the buckets. */
  setRateLimits(partial: RateLimitOptions): void {
    this.#core.setRateLimits(partial);
  }

  /**
   * An incoming-webhook URL that posts into the channel.
   * @param opts.path - the part after `/services/` (e.g. a canary `T1/B1/CANARY`); @default generated `T…/B…/<secret>`
   */
  createWebhook(channelRef: string, opts: { path?: string } = {}): string {
    const channel = this.#channel(channelRef);
    const ids = this.#core.ids;
    const path =
      opts.path?.replace(/^\/+/, '') ?? `${this.#core.ws.teamId}/${ids.id('B', 10)}/${ids.secret(24)}`;
    this.#core.webhooks.set(path, channel.id);
    return `${this.#baseUrl()}services/${path}`;
  }

  /** Open TCP connections to the emulator now, and the most seen at once since start (or `reset()`). */
  connections(): { open: number; peak: number } {
    return { ...this.#core.connections };
  }

  /** Emits a change event (used by the HTTP layer). */
  notify(event: ChangeEvent): void {
    this.#core.emit(event);
  }
}
