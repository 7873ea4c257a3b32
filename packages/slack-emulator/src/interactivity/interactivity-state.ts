import { createIdGenerator, type IdGenerator } from '../ids.js';
import type { Workspace } from '../workspace.js';
import type { AppConfig, AppOptions, InteractionRecord, ResponseUrlUse } from './interaction-types.js';

/** Slack's limits on a `response_url`: 5 uses within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;
/** The scope an app-level token needs for `apps.connections.open`. */
export const CONNECTIONS_WRITE = 'connections:write';

/** What a `response_url` points at. */
export interface ResponseTarget {
  interaction: string;
  channel: string;
  messageTs: string;
  isEphemeral: boolean;
  user: string;
  createdAt: number;
  uses: number;
}

const MAX_RECORDS = 10_000;

/**
 * The installed app's settings and what interactivity has done: sent payloads, `response_url`s and
 * their uses. Ids come from a generator of their own, so seeded workspace ids do not move.
 */
export class InteractivityState {
  app: AppConfig;
  readonly ids: IdGenerator;
  readonly records: InteractionRecord[] = [];
  readonly responseTargets = new Map<string, ResponseTarget>();
  readonly responseUses: ResponseUrlUse[] = [];
  #counter = 0;

  constructor(seed: number | string, appId: string, options: AppOptions) {
    this.ids = createIdGenerator(`${seed}:interactivity`);
    const d = this.ids;
    const hex = () =>
      Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(d.random() * 16)]).join('');
    const appToken = options.appToken ?? `xapp-1-${appId}-${d.digits(13)}-${d.secret(64)}`;
    this.app = {
      appId,
      signingSecret: options.signingSecret ?? hex(),
      appToken,
      verificationToken: options.verificationToken ?? d.secret(24),
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      ...(options.requestUrl ? { requestUrl: validRequestUrl(options.requestUrl) } : {}),
    };
  }

  /** Puts the app token into a (new) workspace's token store. */
  install(ws: Workspace): void {
    this.app = { ...this.app, appId: ws.bot.appId };
    if (!ws.tokens.get(this.app.appToken))
      ws.tokens.add(this.app.appToken, 'app', [CONNECTIONS_WRITE], ws.defaultUserFor('app'));
  }

  /** Applies a control-API change; `requestUrl: null` removes the URL. */
  update(ws: Workspace, patch: Omit<AppOptions, 'requestUrl'> & { requestUrl?: string | null }): void {
    const next: AppConfig = { ...this.app };
    if (patch.signingSecret !== undefined)
      next.signingSecret = nonEmpty(patch.signingSecret, 'signingSecret');
    if (patch.verificationToken !== undefined)
      next.verificationToken = nonEmpty(patch.verificationToken, 'verificationToken');
    if (patch.ackTimeoutMs !== undefined) {
      if (!Number.isInteger(patch.ackTimeoutMs) || patch.ackTimeoutMs < 1)
        throw new Error('ackTimeoutMs must be a positive integer');
      next.ackTimeoutMs = patch.ackTimeoutMs;
    }
    if (patch.requestUrl === null) delete next.requestUrl;
    else if (patch.requestUrl !== undefined) next.requestUrl = validRequestUrl(patch.requestUrl);
    if (patch.appToken !== undefined) {
      const token = nonEmpty(patch.appToken, 'appToken');
      if (!token.startsWith('xapp-')) throw new Error('appToken must start with xapp-');
      ws.tokens.delete(this.app.appToken);
      next.appToken = token;
    }
    this.app = next;
    this.install(ws);
  }

  /** Adds a record with the next id. */
  add(record: Omit<InteractionRecord, 'id'>): InteractionRecord {
    this.#counter += 1;
    const full = { id: `I${this.#counter}`, ...record } as InteractionRecord;
    this.records.push(full);
    if (this.records.length > MAX_RECORDS) this.records.shift();
    return full;
  }

  find(id: string): InteractionRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  /** Forgets payloads, response URLs and their uses (the app settings stay). */
  clear(): void {
    this.records.length = 0;
    this.responseTargets.clear();
    this.responseUses.length = 0;
  }
}

function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
}

function validRequestUrl(value: unknown): string {
  const url = nonEmpty(value, 'requestUrl');
  if (!/^https?:\/\//.test(url)) throw new Error('requestUrl must start with http:// or https://');
  try {
    new URL(url);
  } catch {
    throw new Error('requestUrl is not a URL');
  }
  return url;
}
