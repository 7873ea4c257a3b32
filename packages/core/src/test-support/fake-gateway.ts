import type {
  AuthInfo,
  ChannelInfo,
  SlackFailure,
  SlackGateway,
  SlackMessage,
  SlackResult,
} from '../slack/gateway-types.js';
import type { Clock } from '../types.js';

/** One call the fake saw, with the fake clock's time. */
export interface FakeCall {
  method: string;
  at: number;
  channel?: string;
  id?: string;
  /** The message updated (`chat.update`) or the thread replied to. */
  ts?: string;
  message?: SlackMessage;
}

type Script = (call: FakeCall) => SlackFailure | undefined | Promise<SlackFailure | undefined>;

/**
 * A scriptable in-memory stand-in for the Slack layer, for unit tests of queue logic with a fake clock ONLY.
 * Slack-facing behaviour is tested against the emulator with the real WebClient, never with this.
 */
export class FakeGateway implements SlackGateway {
  readonly calls: FakeCall[] = [];
  readonly posted = new Map<string, { channel: string; ts: string }>();
  /** Return a failure to make the call fail; undefined lets it succeed. */
  script: Script = () => undefined;
  members = true;
  #ts = 0;
  #channels = new Map<string, string>();
  refreshes = 0;
  /** Latency of every call, in fake ms. */
  latencyMs = 0;

  constructor(readonly clock: Clock) {}

  async #call(
    method: string,
    extra: Omit<FakeCall, 'method' | 'at'> = {},
  ): Promise<SlackFailure | undefined> {
    const call: FakeCall = { method, at: this.clock.now(), ...extra };
    this.calls.push(call);
    if (this.latencyMs > 0)
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.latencyMs));
    return this.script(call);
  }

  posts(channel?: string): FakeCall[] {
    return this.calls.filter(
      (c) => c.method === 'chat.postMessage' && (channel === undefined || c.channel === channel),
    );
  }

  async authTest(): Promise<SlackResult<AuthInfo>> {
    const f = await this.#call('auth.test');
    if (f) return { ok: false, failure: f };
    return {
      ok: true,
      value: { teamId: 'T1', userId: 'U1', botId: 'B1', scopes: ['chat:write'], scopesKnown: false },
    };
  }

  async ensureChannel(name: string, options?: { refresh?: boolean }): Promise<SlackResult<ChannelInfo>> {
    const f = await this.#call('ensureChannel', { channel: name });
    if (f) return { ok: false, failure: f };
    let id = this.#channels.get(name);
    if (id === undefined || (options?.refresh && !this.keepIds)) {
      id = `C${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}${this.calls.length}`;
      this.#channels.set(name, id);
    }
    return { ok: true, value: { id, name, isPrivate: false } };
  }

  /** Make the next `ensureChannel(name, { refresh })` keep the same id. */
  keepIds = false;

  async join(channelId: string): Promise<SlackResult<void>> {
    const f = await this.#call('join', { channel: channelId });
    return f ? { ok: false, failure: f } : { ok: true, value: undefined };
  }

  async postMessage(
    channelId: string,
    message: SlackMessage,
    meta: { id: string; threadTs?: string },
  ): Promise<SlackResult<{ ts: string }>> {
    const f = await this.#call('chat.postMessage', {
      channel: channelId,
      id: meta.id,
      message,
      ...(meta.threadTs ? { ts: meta.threadTs } : {}),
    });
    if (f) return { ok: false, failure: f };
    const ts = `1700000000.${String(++this.#ts).padStart(6, '0')}`;
    this.posted.set(meta.id, { channel: channelId, ts });
    return { ok: true, value: { ts } };
  }

  async update(channelId: string, ts: string, message: SlackMessage): Promise<SlackResult<void>> {
    const f = await this.#call('chat.update', { channel: channelId, ts, message });
    return f ? { ok: false, failure: f } : { ok: true, value: undefined };
  }

  updates(channel?: string): FakeCall[] {
    return this.calls.filter(
      (c) => c.method === 'chat.update' && (channel === undefined || c.channel === channel),
    );
  }

  async permalink(channelId: string, ts: string): Promise<SlackResult<string>> {
    return { ok: true, value: `https://example.slack.com/archives/${channelId}/p${ts.replace('.', '')}` };
  }

  async findPosted(
    channelId: string,
    id: string,
    _oldestMs?: number,
    threadTs?: string,
  ): Promise<SlackResult<string | undefined>> {
    const f = await this.#call('findPosted', {
      channel: channelId,
      id,
      ...(threadTs ? { ts: threadTs } : {}),
    });
    if (f) return { ok: false, failure: f };
    return { ok: true, value: this.posted.get(id)?.ts };
  }

  async isMember(channelId: string): Promise<SlackResult<boolean>> {
    const f = await this.#call('isMember', { channel: channelId });
    return f ? { ok: false, failure: f } : { ok: true, value: this.members };
  }

  refreshToken(): void {
    this.refreshes++;
  }
}
