import { NotifierError } from '../errors.js';
import { redactSecrets } from '../slack/redact-secrets.js';
import type { Logger } from '../types.js';
import type { SlackInteractions } from './create-slack-interactions.js';

/** Options of {@link startSocketModeReceiver}. */
export interface SocketModeReceiverOptions {
  /** The app-level token (`xapp-…`, scope `connections:write`). */
  appToken: string;
  /** Base URL of the Slack Web API (the emulator's in tests). @default 'https://slack.com/api/' */
  slackApiUrl?: string;
  /** Timeout of the SDK's `apps.connections.open` call, ms. @default 10000 */
  timeoutMs?: number;
  /** Where the SDK's warnings and errors go (redacted); its debug lines, which carry payloads, are dropped. @default console */
  logger?: Logger;
}

/** A running Socket Mode connection. */
export interface SocketModeReceiver {
  /** Stops receiving: disconnects, and past `timeoutMs` destroys the sockets. Idempotent; never rejects. */
  close(timeoutMs?: number): Promise<void>;
}

interface SdkEnvelope {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  type?: string;
  body?: unknown;
}

/**
 * Receives Slack's buttons over Socket Mode (`@slack/socket-mode`, loaded only here, so an app without an
 * app token never loads it): outbound only, no public URL. Every envelope is acked at once, then an
 * `interactive` one goes to `interactions.receive` (the same checks as HTTP but the signature: Socket Mode
 * frames are not signed). Reconnecting is the SDK's (including its own retries of `apps.connections.open`:
 * with none, a network error during a reconnect ends in a rejection inside the SDK that nothing handles).
 * Resolves once connected.
 * @throws NotifierError `invalid_token` for a token that is not `xapp-…`; `unreachable` if the first
 * connection fails (the message names the Slack error code, never the token).
 */
export async function startSocketModeReceiver(
  interactions: SlackInteractions,
  options: SocketModeReceiverOptions,
): Promise<SocketModeReceiver> {
  const { appToken } = options;
  if (typeof appToken !== 'string' || !/^xapp-[A-Za-z0-9-]+$/.test(appToken)) {
    throw new NotifierError(
      'invalid_token',
      'appToken must be an app-level token (xapp-…) with connections:write',
    );
  }
  const logger = options.logger ?? console;
  const clean = (parts: unknown[]) =>
    redactSecrets(parts.map((p) => (p instanceof Error ? p.message : String(p))).join(' ')).replaceAll(
      appToken,
      '[redacted]',
    );
  const [{ SocketModeClient, LogLevel }, { Agent }] = await Promise.all([
    import('@slack/socket-mode'),
    import('undici'),
  ]);
  // Our own dispatcher: destroying it ends the WebSocket and any pending HTTP call whatever Slack does.
  const dispatcher = new Agent();
  const client = new SocketModeClient({
    appToken,
    dispatcher,
    clientOptions: {
      ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
      timeout: options.timeoutMs ?? 10_000,
      rejectRateLimitedCalls: true,
    },
    logger: {
      debug() {},
      info() {},
      warn: (...msg: unknown[]) => logger.warn(`socket-mode: ${clean(msg)}`, { source: 'backend-notifier' }),
      error: (...msg: unknown[]) => logger.warn(`socket-mode: ${clean(msg)}`, { source: 'backend-notifier' }),
      setLevel() {},
      getLevel: () => LogLevel.WARN,
      setName() {},
    },
  });
  client.on('slack_event', (envelope: SdkEnvelope) => {
    // Ack first, whatever the envelope; a failed ack (socket gone) is Slack's to redeliver, not ours to throw.
    envelope.ack().catch(() => undefined);
    if (envelope.type === 'interactive') interactions.receive(envelope.body, 'socket');
  });
  let closing: Promise<void> | undefined;
  const close = (timeoutMs = 5000): Promise<void> => {
    closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([client.disconnect().catch(() => undefined), deadline]);
      clearTimeout(timer);
      await dispatcher.destroy().catch(() => undefined);
    })();
    return closing;
  };
  try {
    await client.start();
  } catch (error) {
    await close(1000);
    const code = (error as { data?: { error?: unknown } })?.data?.error;
    throw new NotifierError(
      'unreachable',
      `Socket Mode could not connect${typeof code === 'string' ? `: ${code}` : ''}`,
      {
        details: { reason: typeof code === 'string' ? code : 'connect_failed' },
      },
    );
  }
  // A reconnect the SDK gives up on (a revoked token, Slack unreachable) rejects a promise it does not
  // handle; its reconnect calls `this.start`, so that one is wrapped: the failure is logged, never thrown.
  const firstStart = client.start.bind(client);
  client.start = (() =>
    firstStart().catch((error: unknown) => {
      const code = (error as { data?: { error?: unknown } })?.data?.error;
      logger.warn('socket-mode: reconnecting failed; buttons are not received until the app restarts', {
        source: 'backend-notifier',
        reason: typeof code === 'string' ? code : clean([error]),
      });
      return undefined;
    })) as typeof client.start;
  return { close };
}
