import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll } from 'vitest';

/** Anything the harness closes after the file's tests (a notifier). */
export interface Closable {
  close(timeoutMs?: number): Promise<unknown>;
}

/** Options of {@link useSlackEmulator}. */
export interface UseSlackEmulatorOptions {
  /** Multiplies the emulator's rates, so tests run fast while keeping Slack's ratios. @default 50 */
  rateScale?: number;
}

/** A logger that keeps a notifier quiet in tests. */
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * One in-process emulator for the calling test file: started in `beforeAll`, closed in `afterAll` with
 * everything {@link track}ed (closed first, 500 ms each), its faults cleared. `notifierOptions(channel)` are
 * options of core's `createNotifier` pointed at it, fast enough for tests (spread them and override).
 */
export function useSlackEmulator(options: UseSlackEmulatorOptions = {}) {
  let emu: SlackEmulator | undefined;
  const tracked: Closable[] = [];
  beforeAll(async () => {
    emu = await startSlackEmulator({ port: 0, rateLimits: { scale: options.rateScale ?? 50 } });
  });
  afterAll(async () => {
    emu?.control.clearFaults();
    await Promise.all(tracked.map((c) => c.close(500)));
    await emu?.close();
  });
  const harness = {
    get emu(): SlackEmulator {
      if (!emu) throw new Error('the emulator starts in beforeAll');
      return emu;
    },
    notifierOptions(channel: string) {
      return {
        token: harness.emu.botToken,
        channel,
        slackApiUrl: harness.emu.apiUrl,
        perChannelPerSecond: 20,
        burst: 5,
        timeoutMs: 2000,
        healthCheckIntervalMs: 0,
        logger: quiet,
      };
    },
    /** Closes `closable` after the file's tests. */
    track<T extends Closable>(closable: T): T {
      tracked.push(closable);
      return closable;
    },
    /** Everything Slack holds for a channel, as one string: text, blocks and attachments. */
    received(channel: string): string {
      return JSON.stringify(harness.emu.control.messages(channel));
    },
  };
  return harness;
}
