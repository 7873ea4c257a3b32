import type { Message, SlackEmulator } from '@backend-notifier/slack-emulator';

/** Polls until `predicate` holds for a message of `channel` (searched as JSON, blocks and attachments included). */
export async function waitForMessage(
  emu: SlackEmulator,
  channel: string,
  predicate: (json: string, message: Message) => boolean,
  timeoutMs = 15_000,
): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = emu.control.messages(channel).find((m) => predicate(JSON.stringify(m), m));
    if (hit) return hit;
    if (Date.now() > deadline) {
      const seen = emu.control.messages(channel).map((m) => m.text.slice(0, 120));
      throw new Error(
        `no matching message in #${channel} within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
