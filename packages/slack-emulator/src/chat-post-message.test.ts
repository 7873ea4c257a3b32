import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
let member: string;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
  member = emu.control.createChannel({ name: 'posts', botMember: true }).id;
});
afterAll(() => emu.close());

const dataOf = async (p: Promise<unknown>) => (await rejection(p))['data'] as Record<string, unknown>;

describe('chat.postMessage', () => {
  it('answers Slack’s shape with the bot message', async () => {
    const res = await clientFor(emu).chat.postMessage({ channel: member, text: 'hello <world>' });
    expect(res).toMatchObject({
      ok: true,
      channel: member,
      message: {
        type: 'message',
        text: 'hello <world>',
        user: 'U0EMULBOT',
        bot_id: 'B0EMULATOR',
        ts: res.ts,
      },
    });
  });

  it('public channel the bot is not in: ok with chat:write.public, not_in_channel without', async () => {
    const { id } = emu.control.createChannel({ name: 'outsider' });
    await expect(clientFor(emu).chat.postMessage({ channel: id, text: 'public' })).resolves.toMatchObject({
      ok: true,
    });
    expect(emu.control.channel(id)?.members).not.toContain('U0EMULBOT');
    const narrow = emu.control.createToken({ scopes: ['chat:write'] });
    expect((await dataOf(clientFor(emu, narrow).chat.postMessage({ channel: id, text: 'x' }))).error).toBe(
      'not_in_channel',
    );
  });

  it('private channel the bot is not in → channel_not_found; unknown channel too', async () => {
    const { id } = emu.control.createChannel({ name: 'private-no-bot', isPrivate: true });
    const slack = clientFor(emu);
    expect((await dataOf(slack.chat.postMessage({ channel: id, text: 'x' }))).error).toBe(
      'channel_not_found',
    );
    expect((await dataOf(slack.chat.postMessage({ channel: 'C0DOESNOT1', text: 'x' }))).error).toBe(
      'channel_not_found',
    );
  });

  it('archived channel → is_archived', async () => {
    const { id } = emu.control.createChannel({ name: 'archived-post', archived: true, botMember: true });
    expect((await dataOf(clientFor(emu).chat.postMessage({ channel: id, text: 'x' }))).error).toBe(
      'is_archived',
    );
  });

  it('accepts a channel name with or without #', async () => {
    const slack = clientFor(emu);
    const a = await slack.chat.postMessage({ channel: '#posts', text: 'by #name' });
    const b = await slack.chat.postMessage({ channel: 'posts', text: 'by name' });
    expect([a.channel, b.channel]).toEqual([member, member]);
  });

  it('no text, blocks or attachments → no_text; blocks alone are enough', async () => {
    const slack = clientFor(emu);
    expect((await dataOf(slack.chat.postMessage({ channel: member, text: '' }))).error).toBe('no_text');
    const blocks = [{ type: 'divider' }];
    await expect(slack.chat.postMessage({ channel: member, blocks, text: '' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('more than 50 blocks → invalid_blocks with errors[] and response_metadata.messages', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const data = await dataOf(clientFor(emu).chat.postMessage({ channel: member, text: 'x', blocks }));
    expect(data).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
  });

  it('section text over 3000 characters → invalid_blocks with json pointers', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }];
    const data = await dataOf(clientFor(emu).chat.postMessage({ channel: member, text: 'x', blocks }));
    expect(data['errors']).toEqual([
      'failed to match all allowed schemas [json-pointer:/blocks/0/text]',
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const ok = [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3000) } }];
    await expect(
      clientFor(emu).chat.postMessage({ channel: member, text: 'x', blocks: ok }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });

  it('header over 150 characters and an unknown block type are invalid_blocks', async () => {
    const slack = clientFor(emu);
    const header = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    expect(
      (await dataOf(slack.chat.postMessage({ channel: member, text: 'x', blocks: header }))).errors,
    ).toContain('must be less than 151 characters [json-pointer:/blocks/0/text/text]');
    const unknown = [{ type: 'hologram' }] as never;
    expect(
      (await dataOf(slack.chat.postMessage({ channel: member, text: 'x', blocks: unknown }))).errors,
    ).toEqual(['failed to match all allowed schemas [json-pointer:/blocks/0]']);
  });

  it('more than 100 attachments → too_many_attachments; 100 is fine', async () => {
    const slack = clientFor(emu);
    const many = Array.from({ length: 101 }, (_, i) => ({ text: `a${i}`, fallback: `a${i}` }));
    expect(
      (await dataOf(slack.chat.postMessage({ channel: member, text: 'x', attachments: many }))).error,
    ).toBe('too_many_attachments');
    await expect(
      slack.chat.postMessage({ channel: member, text: 'x', attachments: many.slice(0, 100) }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('text over 40,000 characters is truncated with Slack’s warning', async () => {
    const res = await clientFor(emu).chat.postMessage({ channel: member, text: 'z'.repeat(40_005) });
    expect(res.warning).toBe('message_truncated');
    expect(res.response_metadata?.warnings).toEqual(['message_truncated']);
    expect(res.response_metadata?.messages).toEqual([
      '[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.',
    ]);
    expect(res.message?.text?.length).toBe(40_000);
    expect(emu.control.messages(member).find((m) => m.ts === res.ts)?.text.length).toBe(40_000);
  });

  it('markdown_text with text → markdown_text_conflict', async () => {
    const data = await dataOf(
      clientFor(emu).chat.postMessage({ channel: member, text: 'x', markdown_text: '*y*' }),
    );
    expect(data['error']).toBe('markdown_text_conflict');
  });

  it('thread_ts makes a reply; a reply to a reply joins the root thread', async () => {
    const slack = clientFor(emu);
    const root = await slack.chat.postMessage({ channel: member, text: 'root' });
    const reply = await slack.chat.postMessage({ channel: member, text: 'r', thread_ts: root.ts as string });
    const nested = await slack.chat.postMessage({
      channel: member,
      text: 'rr',
      thread_ts: reply.ts as string,
    });
    expect(nested.message?.thread_ts).toBe(root.ts);
    const stored = emu.control.messages(member);
    expect(stored.find((m) => m.ts === root.ts)?.replyCount).toBe(2);
    expect(stored.find((m) => m.ts === nested.ts)?.threadTs).toBe(root.ts);
  });

  it('ts values are unique and strictly increasing, also for concurrent posts', async () => {
    const slack = clientFor(emu);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => slack.chat.postMessage({ channel: member, text: `c${i}` })),
    );
    const ts = results.map((r) => r.ts as string);
    expect(new Set(ts).size).toBe(20);
    const all = emu.control.messages(member).map((m) => m.ts);
    const sorted = [...all].sort();
    expect(all).toEqual(sorted);
    for (const t of ts) expect(t).toMatch(/^\d{10}\.\d{6}$/);
  });
});
