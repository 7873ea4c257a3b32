import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSetupError } from './channel-setup.js';
import { checkToken } from './check-token.js';
import { createSlackGateway } from './create-slack-gateway.js';
import { featuresFor } from './required-scopes.js';
import { closedPort, recordingLogger } from './test-support/recording-logger.js';

// A distinctive secret: it must never appear in anything our code produces.
const SECRET = 'CANARY-5f1e9b7c2d4a8e6f';
const BOT = `xoxb-${SECRET}`;

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({
    port: 0,
    seed: 'canary',
    rateLimits: { enabled: false },
    workspace: { botToken: BOT },
  });
});
afterAll(async () => {
  await emu?.close();
});

/** Everything inspectable about a value: JSON, message, stack, details and the whole cause chain. */
function dump(value: unknown, depth = 0): string {
  if (depth > 6 || value === null || value === undefined) return String(value);
  if (value instanceof Error) {
    const own = Object.getOwnPropertyNames(value).map(
      (k) => `${k}=${dump((value as unknown as Record<string, unknown>)[k], depth + 1)}`,
    );
    return `${value.name}: ${value.message}\n${value.stack}\n${own.join('\n')}\ncause=${dump(value.cause, depth + 1)}`;
  }
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.entries(value)
        .map(([k, v]) => `${k}=${dump(v, depth + 1)}`)
        .join(',');
    }
  }
  return String(value);
}

describe('token canary: the token never leaves through our code', () => {
  it('the emulator accepts the canary bot token (so the test is meaningful)', async () => {
    const gateway = createSlackGateway({ token: BOT, slackApiUrl: emu.apiUrl });
    expect((await gateway.authTest()).ok).toBe(true);
  });

  it('no log line, result, failure or error carries it, across success, faults and bad tokens', async () => {
    const { logger, lines, text } = recordingLogger();
    const captured: unknown[] = [];
    const keep = async <T>(p: Promise<T>): Promise<T | undefined> => {
      try {
        const v = await p;
        captured.push(v);
        return v;
      } catch (err) {
        captured.push(err);
        return undefined;
      }
    };
    const gateway = createSlackGateway({
      token: async () => BOT,
      slackApiUrl: emu.apiUrl,
      timeoutMs: 400,
      logger,
    });

    await keep(checkToken(gateway, { features: featuresFor(), logger }));
    const channel = await keep(gateway.ensureChannel('alerts-canary'));
    if (!channel?.ok) throw new Error('setup failed');
    const id = channel.value.id;
    const posted = await keep(gateway.postMessage(id, { text: 'hello' }, { id: 'c1' }));
    if (posted?.ok) {
      await keep(gateway.permalink(id, posted.value.ts));
      await keep(gateway.update(id, posted.value.ts, { text: 'hello 2' }));
    }
    await keep(gateway.findPosted(id, 'c1', Date.now() - 60_000));
    await keep(gateway.isMember(id, 'U0'));

    // Every fault kind, on a call that carries the token.
    const faults = [
      { type: 'ratelimit', retryAfter: 1 },
      { type: 'ratelimit', retryAfter: null },
      { type: 'http', status: 500 },
      { type: 'hang', ms: 1_000 },
      { type: 'reset' },
      { type: 'non_json' },
      { type: 'error', error: 'invalid_auth' },
      { type: 'error', error: 'missing_scope', extra: { needed: 'chat:write', provided: 'x' } },
    ] as const;
    for (const action of faults) {
      emu.control.addFault({ method: 'chat.postMessage', times: 1, action });
      await keep(gateway.postMessage(id, { text: 'f' }, { id: 'f' }));
    }
    emu.control.addFault({ method: 'conversations.create', times: 1, action: { type: 'http', status: 503 } });
    const failedSetup = await keep(gateway.ensureChannel('alerts-canary-2'));
    if (failedSetup && !failedSetup.ok)
      captured.push(channelSetupError('alerts-canary-2', failedSetup.failure));

    // Unreachable Slack, a throwing provider, and wrong token kinds holding the secret.
    const port = await closedPort();
    const down = createSlackGateway({
      token: BOT,
      slackApiUrl: `http://127.0.0.1:${port}/api/`,
      timeoutMs: 400,
      logger,
    });
    await keep(down.postMessage('C1', { text: 'x' }, { id: 'x' }));
    await keep(checkToken(down, { logger }));
    const throwing = createSlackGateway({
      token: () => {
        throw new Error('vault unavailable');
      },
      slackApiUrl: emu.apiUrl,
      logger,
    });
    await keep(throwing.postMessage(id, { text: 'x' }, { id: 'x' }));
    await keep(checkToken(throwing, { logger }));
    for (const wrong of [`xoxp-${SECRET}`, `xapp-${SECRET}`, `xoxe-${SECRET}`, SECRET, ` ${BOT} x`]) {
      const g = createSlackGateway({ token: wrong, slackApiUrl: emu.apiUrl, logger });
      await keep(checkToken(g, { logger }));
      await keep(g.postMessage(id, { text: 'x' }, { id: 'x' }));
    }

    // The test can fail: it did capture SDK debug lines, failures and errors.
    expect(lines.filter((l) => l.message.startsWith('slack-web-api:')).length).toBeGreaterThan(20);
    expect(captured.filter((c) => c instanceof Error).length).toBeGreaterThan(5);
    expect(captured.length).toBeGreaterThan(25);

    const everything = `${text()}\n${captured.map((c) => dump(c)).join('\n')}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(SECRET.slice(0, 12));
  });

  it('the emulator request log names the token by id only (a check on our test bed)', () => {
    expect(JSON.stringify(emu.control.requestLog())).not.toContain(SECRET);
  });
});
