import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
});
afterAll(() => emu.close());

const errorOf = async (p: Promise<unknown>) => ((await rejection(p))['data'] as { error: string }).error;

describe('conversations.create', () => {
  it('creates a public channel with Slack’s conversation object; the creator is a member', async () => {
    const res = await clientFor(emu).conversations.create({ name: 'deploys_2026-q1' });
    expect(res.channel).toMatchObject({
      name: 'deploys_2026-q1',
      name_normalized: 'deploys_2026-q1',
      is_channel: true,
      is_private: false,
      is_archived: false,
      is_member: true,
      creator: 'U0EMULBOT',
    });
    expect(res.channel?.id).toMatch(/^C[A-Z0-9]{8,}$/);
    expect(emu.control.channel('deploys_2026-q1')?.members).toEqual(['U0EMULBOT']);
  });

  it('creates a private channel (groups:write) visible only to members', async () => {
    const res = await clientFor(emu).conversations.create({ name: 'secret-ops', is_private: true });
    expect(res.channel).toMatchObject({ is_private: true, is_member: true });
    const other = emu.control.createToken({ scopes: ['channels:read', 'groups:read'], kind: 'user' });
    const info = await errorOf(
      clientFor(emu, other).conversations.info({ channel: res.channel?.id as string }),
    );
    expect(info).toBe('channel_not_found');
  });

  it('private channel without groups:write → missing_scope needed groups:write', async () => {
    const token = emu.control.createToken({ scopes: ['channels:manage'] });
    const err = await rejection(
      clientFor(emu, token).conversations.create({ name: 'p-denied', is_private: true }),
    );
    expect(err['data']).toMatchObject({
      error: 'missing_scope',
      needed: 'groups:write',
      provided: 'channels:manage',
    });
  });

  it.each([
    ['', 'invalid_name_required'],
    ['a'.repeat(81), 'invalid_name_maxlength'],
    ['Alerts', 'invalid_name_specials'],
    ['has space', 'invalid_name_specials'],
    ['dot.name', 'invalid_name_specials'],
    ['#hash', 'invalid_name_specials'],
    ['café', 'invalid_name_specials'],
    ['---', 'invalid_name_punctuation'],
    ['__', 'invalid_name_punctuation'],
  ])('name %j → %s', async (name, code) => {
    expect(await errorOf(clientFor(emu).conversations.create({ name }))).toBe(code);
  });

  it('accepts exactly 80 characters', async () => {
    const name = 'x'.repeat(80);
    await expect(clientFor(emu).conversations.create({ name })).resolves.toMatchObject({ ok: true });
  });

  it('name_taken, also when an archived channel holds the name', async () => {
    const slack = clientFor(emu);
    await slack.conversations.create({ name: 'taken' });
    expect(await errorOf(slack.conversations.create({ name: 'taken' }))).toBe('name_taken');
    emu.control.createChannel({ name: 'old-archived', archived: true });
    expect(await errorOf(slack.conversations.create({ name: 'old-archived' }))).toBe('name_taken');
    expect(await errorOf(slack.conversations.create({ name: 'general' }))).toBe('name_taken');
  });

  it('the name is free again after the channel is deleted', async () => {
    const slack = clientFor(emu);
    await slack.conversations.create({ name: 'phoenix' });
    emu.control.deleteChannel('phoenix');
    await expect(slack.conversations.create({ name: 'phoenix' })).resolves.toMatchObject({ ok: true });
  });
});
