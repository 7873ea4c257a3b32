import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
});
afterAll(() => emu.close());

const errorOf = async (p: Promise<unknown>) => ((await rejection(p))['data'] as { error: string }).error;

describe('conversations.join / info / members / archive / unarchive', () => {
  it('join adds the bot; joining again is ok with the already_in_channel warning', async () => {
    const { id } = emu.control.createChannel({ name: 'join-me' });
    const slack = clientFor(emu);
    const first = await slack.conversations.join({ channel: id });
    expect(first.channel).toMatchObject({ id, is_member: true });
    expect(first.warning).toBeUndefined();
    const again = await slack.conversations.join({ channel: id });
    expect(again).toMatchObject({ ok: true, warning: 'already_in_channel' });
    expect(again.response_metadata?.warnings).toEqual(['already_in_channel']);
    expect(emu.control.channel(id)?.members).toContain('U0EMULBOT');
  });

  it('join refuses archived (is_archived), unknown (channel_not_found) and private channels', async () => {
    const slack = clientFor(emu);
    const archived = emu.control.createChannel({ name: 'join-archived', archived: true });
    expect(await errorOf(slack.conversations.join({ channel: archived.id }))).toBe('is_archived');
    expect(await errorOf(slack.conversations.join({ channel: 'C0NOPE0000' }))).toBe('channel_not_found');
    const priv = emu.control.createChannel({ name: 'join-private', isPrivate: true, botMember: true });
    expect(await errorOf(slack.conversations.join({ channel: priv.id }))).toBe(
      'method_not_supported_for_channel_type',
    );
    const hidden = emu.control.createChannel({ name: 'join-hidden', isPrivate: true });
    expect(await errorOf(slack.conversations.join({ channel: hidden.id }))).toBe('channel_not_found');
  });

  it('info returns the conversation; include_num_members adds num_members', async () => {
    const { id } = emu.control.createChannel({ name: 'info-me', botMember: true });
    const slack = clientFor(emu);
    const plain = await slack.conversations.info({ channel: id });
    expect(plain.channel).toMatchObject({ id, name: 'info-me', is_member: true, is_archived: false });
    expect(plain.channel?.num_members).toBeUndefined();
    const counted = await slack.conversations.info({ channel: id, include_num_members: true });
    expect(counted.channel?.num_members).toBe(3);
    expect(await errorOf(slack.conversations.info({ channel: 'C0MISSING00' }))).toBe('channel_not_found');
  });

  it('members are user ids, paginated by cursor', async () => {
    const users = Array.from({ length: 5 }, (_, i) => ({ id: `U0MEMBER${i}`, name: `m${i}` }));
    const local = await startTestEmulator({ rateLimits: { enabled: false }, workspace: { users } });
    try {
      const { id } = local.control.createChannel({ name: 'crowd', botMember: true });
      const slack = clientFor(local);
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await slack.conversations.members({
          channel: id,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        all.push(...(res.members ?? []));
        cursor = res.response_metadata?.next_cursor;
      } while (cursor);
      expect(all).toEqual([...users.map((u) => u.id), 'U0EMULBOT']);
      expect(await errorOf(slack.conversations.members({ channel: id, cursor: 'eA==' }))).toBe(
        'invalid_cursor',
      );
    } finally {
      await local.close();
    }
  });

  it('archive: members only, already_archived, cant_archive_general', async () => {
    const slack = clientFor(emu);
    const { id } = emu.control.createChannel({ name: 'to-archive' });
    expect(await errorOf(slack.conversations.archive({ channel: id }))).toBe('not_in_channel');
    await slack.conversations.join({ channel: id });
    await expect(slack.conversations.archive({ channel: id })).resolves.toMatchObject({ ok: true });
    expect(emu.control.channel(id)?.isArchived).toBe(true);
    expect(await errorOf(slack.conversations.archive({ channel: id }))).toBe('already_archived');
    emu.control.addBot('general');
    const general = emu.control.channel('#general')?.id as string;
    expect(await errorOf(slack.conversations.archive({ channel: general }))).toBe('cant_archive_general');
  });

  it('unarchive: a bot token gets not_in_channel (Slack’s documented bug); a user token unarchives and joins', async () => {
    const { id } = emu.control.createChannel({ name: 'to-unarchive', archived: true, botMember: true });
    expect(await errorOf(clientFor(emu).conversations.unarchive({ channel: id }))).toBe('not_in_channel');
    const user = emu.control.createToken({ kind: 'user', scopes: ['channels:write'], userId: 'U0CAROL01' });
    await expect(clientFor(emu, user).conversations.unarchive({ channel: id })).resolves.toMatchObject({
      ok: true,
    });
    expect(emu.control.channel(id)).toMatchObject({ isArchived: false });
    expect(emu.control.channel(id)?.members).toContain('U0CAROL01');
    expect(await errorOf(clientFor(emu, user).conversations.unarchive({ channel: id }))).toBe('not_archived');
  });
});
