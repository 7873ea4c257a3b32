import { EventEmitter } from 'node:events';
import { FaultStore } from './faults.js';
import { createIdGenerator, type IdGenerator } from './ids.js';
import type { AppOptions } from './interactivity/interaction-types.js';
import { InteractivityState } from './interactivity/interactivity-state.js';
import { SocketModeServer } from './interactivity/socket-mode-server.js';
import type { MessageLimits } from './methods/context.js';
import { DEFAULT_RATE_LIMITS, mergeRateLimits, RateLimiter } from './rate-limiter.js';
import { RequestLog } from './request-log.js';
import type { ChangeEvent, RateLimitConfig, RateLimitOptions, WorkspaceSpec } from './types.js';
import { Workspace } from './workspace.js';

/** Settings the core is built from (resolved options). */
export interface CoreSettings {
  seed: number | string;
  workspace: WorkspaceSpec;
  botScopes: readonly string[];
  rateLimits: RateLimitOptions;
  now: () => number;
  maxTextLength: number;
  app: AppOptions;
}

/** The shared state behind the HTTP server and the control object. */
export class EmulatorCore {
  ws: Workspace;
  ids: IdGenerator;
  rateLimits: RateLimitConfig;
  readonly faults = new FaultStore();
  readonly limiter: RateLimiter;
  readonly log = new RequestLog();
  readonly events = new EventEmitter();
  /** Webhook path (`T…/B…/secret`) → channel id. */
  readonly webhooks = new Map<string, string>();
  readonly settings: CoreSettings;
  /** Open TCP connections and the peak since start or reset (for socket-growth checks). */
  readonly connections = { open: 0, peak: 0 };
  /** The installed app: signing secret, request URL, app token, and what interactivity sent. */
  readonly interactivity: InteractivityState;
  /** The Socket Mode endpoint (`/link/`). */
  readonly socket: SocketModeServer;
  /** Issues a Socket Mode URL (set once the server listens). */
  socketModeUrl?: () => string;
  #initial: WorkspaceSpec;

  constructor(settings: CoreSettings) {
    this.settings = settings;
    this.#initial = settings.workspace;
    this.ids = createIdGenerator(settings.seed);
    this.ws = new Workspace(settings.workspace, this.ids, settings.now, settings.botScopes);
    this.rateLimits = mergeRateLimits(DEFAULT_RATE_LIMITS, settings.rateLimits);
    this.limiter = new RateLimiter(settings.now);
    this.interactivity = new InteractivityState(settings.seed, this.ws.bot.appId, settings.app);
    this.interactivity.install(this.ws);
    this.socket = new SocketModeServer(
      this.interactivity.ids,
      settings.now,
      () => this.interactivity.app.appId,
      () => this.emit({ type: 'socket' }),
    );
    // SSE clients and tests may listen in numbers; the default cap of 10 would only add noise.
    this.events.setMaxListeners(0);
  }

  /** Limits handed to method handlers. */
  get limits(): MessageLimits {
    return {
      maxTextLength: this.settings.maxTextLength,
      updateMaxTextLength: 4000,
      historyMaxLimit: this.rateLimits.nonMarketplace ? 15 : 999,
    };
  }

  emit(event: ChangeEvent): void {
    this.events.emit('change', event);
  }

  /** Replaces the workspace (same seed → same ids); keeps the bot token unless the spec names one. */
  replaceWorkspace(spec: WorkspaceSpec): void {
    const botToken = spec.botToken ?? this.ws.botToken;
    this.ids = createIdGenerator(this.settings.seed);
    this.ws = new Workspace({ ...spec, botToken }, this.ids, this.settings.now, this.settings.botScopes);
    this.faults.clear();
    this.limiter.reset();
    this.log.clear();
    this.webhooks.clear();
    // The app stays installed (like the bot token); what it was sent is forgotten.
    this.interactivity.install(this.ws);
    this.interactivity.clear();
    this.connections.peak = this.connections.open;
    this.emit({ type: 'reset' });
  }

  reset(): void {
    this.replaceWorkspace(this.#initial);
  }

  setRateLimits(partial: RateLimitOptions): void {
    this.rateLimits = mergeRateLimits(this.rateLimits, partial);
    this.limiter.reset();
  }
}
