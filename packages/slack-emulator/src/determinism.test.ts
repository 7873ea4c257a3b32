import { describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, startTestEmulator } from './test-support/harness.js';

async function script(emu: SlackEmulator): Promise<string[]> {
  const slack = clientFor(emu);
  const a = await slack.conversations.create({ name: 'one' });
  const b = await slack.conversations.create({ name: 'two', is_private: true });
  const id = a.channel?.id as string;
  const p1 = await slack.chat.postMessage({ channel: id, text: 'x' });
  const p2 = await slack.chat.postMessage({ channel: id, text: 'y' });
  const user = emu.control.createToken({ kind: 'user', scopes: ['chat:write'] });
  const hook = emu.control.createWebhook(id).replace(emu.url, '');
  return [emu.botToken, id, b.channel?.id as string, p1.ts as string, p2.ts as string, user, hook];
}

describe('deterministic ids', () => {
  it('same seed and same calls (and clock) → the same ids, tokens and ts', async () => {
    const now = () => Date.UTC(2026, 5, 1, 12);
    const a = await startTestEmulator({ seed: 42, now, rateLimits: { enabled: false } });
    const b = await startTestEmulator({ seed: 42, now, rateLimits: { enabled: false } });
    try {
      const ra = await script(a);
      const rb = await script(b);
      expect(ra).toEqual(rb);
      // A frozen clock still gives unique, increasing ts.
      expect(ra[3]).toBe('1780315200.000000');
      expect(ra[4]).toBe('1780315200.000001');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('different seeds → different ids', async () => {
    const a = await startTestEmulator({ seed: 1, rateLimits: { enabled: false } });
    const b = await startTestEmulator({ seed: 2, rateLimits: { enabled: false } });
    try {
      const [ta, ca] = await script(a);
      const [tb, cb] = await script(b);
      expect(ta).not.toBe(tb);
      expect(ca).not.toBe(cb);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('reset() returns to the initial workspace with the same ids and the same bot token', async () => {
    const emu = await startTestEmulator({ seed: 'reset', rateLimits: { enabled: false } });
    try {
      const token = emu.botToken;
      const first = await script(emu);
      emu.control.addFault({ method: '*', action: { type: 'http', status: 500 } });
      emu.control.reset();
      expect(emu.control.channels().map((c) => c.name)).toEqual(['general']);
      expect(emu.control.faults()).toEqual([]);
      expect(emu.control.requestLog()).toEqual([]);
      expect(emu.botToken).toBe(token);
      const second = await script(emu);
      expect(second[1]).toBe(first[1]);
      expect(second[2]).toBe(first[2]);
    } finally {
      await emu.close();
    }
  });

  it('one emulator per test file: several run side by side on free ports', async () => {
    const many = await Promise.all([1, 2, 3].map(() => startTestEmulator()));
    try {
      expect(new Set(many.map((e) => e.port)).size).toBe(3);
      for (const e of many) await expect(clientFor(e).auth.test()).resolves.toMatchObject({ ok: true });
    } finally {
      await Promise.all(many.map((e) => e.close()));
    }
  });
});
