import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
  for (let i = 0; i < 7; i++) emu.control.createChannel({ name: `pub-${i}` });
  emu.control.createChannel({ name: 'pub-archived', archived: true });
  emu.control.createChannel({ name: 'priv-member', isPrivate: true, botMember: true });
  emu.control.createChannel({ name: 'priv-other', isPrivate: true });
});
afterAll(() => emu.close());

const errorOf = async (p: Promise<unknown>) => ((await rejection(p))['data'] as { error: string }).error;

describe('conversations.list', () => {
  it('defaults to public channels, archived included', async () => {
    const res = await clientFor(emu).conversations.list();
    const names = res.channels?.map((c) => c.name);
    expect(names).toContain('general');
    expect(names).toContain('pub-archived');
    expect(names).not.toContain('priv-member');
    expect(res.response_metadata?.next_cursor).toBe('');
    expect(res.channels?.find((c) => c.name === 'general')).toMatchObject({
      is_member: false,
      num_members: 2,
    });
  });

  it('exclude_archived drops archived channels', async () => {
    const res = await clientFor(emu).conversations.list({ exclude_archived: true });
    expect(res.channels?.map((c) => c.name)).not.toContain('pub-archived');
  });

  it('types=private_channel lists only private channels the bot is in', async () => {
    const res = await clientFor(emu).conversations.list({ types: 'private_channel' });
    expect(res.channels?.map((c) => c.name)).toEqual(['priv-member']);
  });

  it('cursor pagination with limit visits every channel once, with opaque cursors', async () => {
    const slack = clientFor(emu);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await slack.conversations.list({
        limit: 3,
        types: 'public_channel,private_channel',
        ...(cursor ? { cursor } : {}),
      });
      expect(res.channels?.length).toBeLessThanOrEqual(3);
      seen.push(...(res.channels ?? []).map((c) => c.id as string));
      cursor = res.response_metadata?.next_cursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9+/=]+$/);
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(10);
  });

  it('the SDK paginate() helper walks all pages', async () => {
    const names: string[] = [];
    for await (const page of clientFor(emu).paginate('conversations.list', { limit: 2 })) {
      const channels = (page as { channels?: Array<{ name: string }> }).channels ?? [];
      names.push(...channels.map((c) => c.name));
    }
    expect(names.length).toBe(9);
  });

  it('invalid_cursor, invalid_limit, invalid_types', async () => {
    const slack = clientFor(emu);
    expect(await errorOf(slack.conversations.list({ cursor: 'Ym9ndXM=' }))).toBe('invalid_cursor');
    expect(await errorOf(slack.conversations.list({ limit: 0 }))).toBe('invalid_limit');
    expect(await errorOf(slack.conversations.list({ types: 'public_channel,bogus' }))).toBe('invalid_types');
  });

  it('private types need groups:read', async () => {
    const token = emu.control.createToken({ scopes: ['channels:read'] });
    const err = await rejection(clientFor(emu, token).conversations.list({ types: 'private_channel' }));
    expect(err['data']).toMatchObject({ error: 'missing_scope', needed: 'groups:read' });
  });
});
