import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
let channel: string;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
  channel = emu.control.createChannel({ name: 'edits', botMember: true }).id;
});
afterAll(() => emu.close());

const errorOf = async (p: Promise<unknown>) => ((await rejection(p))['data'] as { error: string }).error;
const meta = { event_type: 'alert_posted', event_payload: { id: 'x' } };

describe('chat.update', () => {
  it('replaces text and blocks, records edited, keeps metadata when not sent', async () => {
    const slack = clientFor(emu);
    const posted = await slack.chat.postMessage({ channel, text: 'v1', metadata: meta });
    const ts = posted.ts as string;
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'v2 block' } }];
    const res = await slack.chat.update({ channel, ts, text: 'v2', blocks });
    expect(res).toMatchObject({
      ok: true,
      channel,
      ts,
      text: 'v2',
      message: { text: 'v2', user: 'U0EMULBOT' },
    });
    const stored = emu.control.messages(channel).find((m) => m.ts === ts);
    expect(stored).toMatchObject({ text: 'v2', blocks, metadata: meta });
    expect(stored?.edited?.ts).toMatch(/^\d{10}\.\d{6}$/);
  });

  it('an empty metadata object removes the metadata', async () => {
    const slack = clientFor(emu);
    const ts = (await slack.chat.postMessage({ channel, text: 'm', metadata: meta })).ts as string;
    await slack.chat.update({ channel, ts, text: 'm2', metadata: {} as never });
    expect(emu.control.messages(channel).find((m) => m.ts === ts)?.metadata).toBeUndefined();
  });

  it('text over 4,000 characters → msg_too_long (4,000 is fine)', async () => {
    const slack = clientFor(emu);
    const ts = (await slack.chat.postMessage({ channel, text: 'short' })).ts as string;
    expect(await errorOf(slack.chat.update({ channel, ts, text: 'q'.repeat(4001) }))).toBe('msg_too_long');
    await expect(slack.chat.update({ channel, ts, text: 'q'.repeat(4000) })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('someone else’s message → cant_update_message; unknown ts → message_not_found', async () => {
    const slack = clientFor(emu);
    const user = emu.control.createToken({ kind: 'user', scopes: ['chat:write'], userId: 'U0ALICE01' });
    const theirs = await clientFor(emu, user).chat.postMessage({ channel, text: 'from alice' });
    expect(await errorOf(slack.chat.update({ channel, ts: theirs.ts as string, text: 'hijack' }))).toBe(
      'cant_update_message',
    );
    expect(await errorOf(slack.chat.update({ channel, ts: '1000000000.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
    expect(
      await errorOf(slack.chat.update({ channel: 'C0GONE0000', ts: theirs.ts as string, text: 'x' })),
    ).toBe('channel_not_found');
  });

  it('validates the new content like postMessage (no_text, invalid_blocks)', async () => {
    const slack = clientFor(emu);
    const ts = (await slack.chat.postMessage({ channel, text: 'keep' })).ts as string;
    expect(await errorOf(slack.chat.update({ channel, ts, text: '' }))).toBe('no_text');
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await errorOf(slack.chat.update({ channel, ts, text: 'x', blocks }))).toBe('invalid_blocks');
    expect(emu.control.messages(channel).find((m) => m.ts === ts)?.text).toBe('keep');
  });
});

describe('chat.delete', () => {
  it('deletes own messages; they leave history; deleting twice → message_not_found', async () => {
    const slack = clientFor(emu);
    const ts = (await slack.chat.postMessage({ channel, text: 'doomed' })).ts as string;
    await expect(slack.chat.delete({ channel, ts })).resolves.toMatchObject({ ok: true, channel, ts });
    const history = await slack.conversations.history({ channel });
    expect(history.messages?.map((m) => m.ts)).not.toContain(ts);
    expect(emu.control.messages(channel).find((m) => m.ts === ts)?.deleted).toBe(true);
    expect(await errorOf(slack.chat.delete({ channel, ts }))).toBe('message_not_found');
  });

  it('someone else’s message → cant_delete_message', async () => {
    const user = emu.control.createToken({ kind: 'user', scopes: ['chat:write'], userId: 'U0BOB0001' });
    const ts = (await clientFor(emu, user).chat.postMessage({ channel, text: 'bob' })).ts as string;
    expect(await errorOf(clientFor(emu).chat.delete({ channel, ts }))).toBe('cant_delete_message');
  });
});

describe('chat.getPermalink', () => {
  it('uses Slack’s format, with thread_ts and cid for replies', async () => {
    const slack = clientFor(emu);
    const root = (await slack.chat.postMessage({ channel, text: 'root' })).ts as string;
    const reply = (await slack.chat.postMessage({ channel, text: 'reply', thread_ts: root })).ts as string;
    const a = await slack.chat.getPermalink({ channel, message_ts: root });
    expect(a.permalink).toBe(`https://emulated.slack.com/archives/${channel}/p${root.replace('.', '')}`);
    expect(a.permalink).toMatch(/\/p\d{16}$/);
    const b = await slack.chat.getPermalink({ channel, message_ts: reply });
    expect(b.permalink).toBe(
      `https://emulated.slack.com/archives/${channel}/p${reply.replace('.', '')}?thread_ts=${root}&cid=${channel}`,
    );
    expect(await errorOf(slack.chat.getPermalink({ channel, message_ts: '1.000001' }))).toBe(
      'message_not_found',
    );
    expect(await errorOf(slack.chat.getPermalink({ channel: 'C0NONE0000', message_ts: root }))).toBe(
      'channel_not_found',
    );
  });

  it('needs no scope', async () => {
    const bare = emu.control.createToken({ scopes: [] });
    const ts = (await clientFor(emu).chat.postMessage({ channel, text: 'x' })).ts as string;
    await expect(clientFor(emu, bare).chat.getPermalink({ channel, message_ts: ts })).resolves.toMatchObject({
      ok: true,
    });
  });
});
