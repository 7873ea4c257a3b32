import type { RequestLogEntry, SlackEmulator } from '@backend-notifier/slack-emulator';
import { createNotifier } from '../notifier/create-notifier.js';
import type { Notifier, NotifierOptions } from '../types.js';
import { type CapturedLogger, captureLogger } from './capture-logger.js';

/** A notifier wired to the emulator with test-friendly defaults (fast rates, short timeouts). */
export function emulatorNotifier(
  emu: SlackEmulator,
  options: Partial<NotifierOptions> = {},
): { notifier: Notifier; logger: CapturedLogger } {
  const logger = captureLogger();
  const notifier = createNotifier({
    token: emu.botToken,
    channel: 'alerts',
    slackApiUrl: emu.apiUrl,
    perChannelPerSecond: 20,
    workspacePerMinute: 60_000,
    // Every Slack tier 20× too, like the posts (an emulator with `rateLimits.scale: 20` keeps Slack's ratios).
    budget: { scale: 20 },
    timeoutMs: 2000,
    healthCheckIntervalMs: 0,
    retry: { backoff: { baseMs: 100, maxMs: 1000 } },
    logger,
    autoStart: false,
    ...options,
  });
  return { notifier, logger };
}

/** The message ids (from metadata) of every message in a channel, in ts order. */
export function postedIds(emu: SlackEmulator, channel: string): string[] {
  return emu.control
    .messages(channel)
    .map((m) => (m.metadata?.event_payload as { id?: string } | undefined)?.id)
    .filter((id): id is string => typeof id === 'string');
}

/** Request log entries for one method (and channel id, when given), in arrival order. */
export function requests(emu: SlackEmulator, method: string, channelId?: string): RequestLogEntry[] {
  return emu.control
    .requestLog()
    .filter((r) => r.method === method && (channelId === undefined || r.channel === channelId))
    .sort((a, b) => a.seq - b.seq);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
