import { createNotifier, type Logger, type Notifier, type NotifierOptions } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll } from 'vitest';

export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * One emulator for the calling test file (closed in `afterAll`, with every notifier it made), and
 * notifiers pointed at it (the real core and `WebClient`), fast enough for tests.
 */
export function useEmulator() {
  let emu: SlackEmulator | undefined;
  const notifiers: Notifier[] = [];
  beforeAll(async () => {
    emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
  });
  afterAll(async () => {
    emu?.control.clearFaults();
    await Promise.all(notifiers.map((n) => n.close(500)));
    await emu?.close();
  });
  const harness = {
    get emu(): SlackEmulator {
      if (!emu) throw new Error('the emulator starts in beforeAll');
      return emu;
    },
    notifierFor(channel: string, extra: Partial<NotifierOptions> = {}): Notifier {
      const notifier = createNotifier({
        token: harness.emu.botToken,
        channel,
        slackApiUrl: harness.emu.apiUrl,
        perChannelPerSecond: 20,
        burst: 5,
        timeoutMs: 2000,
        healthCheckIntervalMs: 0,
        logger: quiet,
        ...extra,
      });
      notifiers.push(notifier);
      return notifier;
    },
    /** Everything Slack holds for a channel, as one string: text, blocks and attachments. */
    received(channel: string): string {
      return JSON.stringify(harness.emu.control.messages(channel));
    },
  };
  return harness;
}
