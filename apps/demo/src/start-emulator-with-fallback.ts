import {
  type SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
} from '@backend-notifier/slack-emulator';

/**
 * Starts the emulator on `port`; when that port is taken (another demo, another service), on any free
 * port instead, so `pnpm start` never fails for that. `fellBack` says which happened.
 */
export async function startEmulatorWithFallback(
  port: number,
  options: Omit<SlackEmulatorOptions, 'port'> = {},
): Promise<{ emulator: SlackEmulator; fellBack: boolean }> {
  try {
    return { emulator: await startSlackEmulator({ ...options, port }), fellBack: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== 'EADDRINUSE' || port === 0) throw error;
    return { emulator: await startSlackEmulator({ ...options, port: 0 }), fellBack: true };
  }
}
