import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
let channel: string;
const posted: string[] = [];
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
  channel = emu.control.createChannel({ name: 'history', botMember: true }).id;
  const slack = clientFor(emu);
  for (let i = 0; i < 5; i++) {
    const res = await slack.chat.postMessage({
      channel,
      text: `m${i}`,
      metadata: { event_type: 'alert_posted', event_payload: { i } },
    });
    posted.push(res.ts as string);
  }
});
afterAll(() => emu.close());

const errorOf = async (p: Promise<unknown>) => ((await rejection(p))['data'] as { error: string }).error;

describe('conversations.history', () => {
  it('returns messages newest first; metadata only with include_all_metadata', async () => {
    const slack = clientFor(emu);
    const plain = await slack.conversations.history({ channel });
    expect(plain.messages?.map((m) => m.text)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    expect(plain.messages?.[0]?.metadata).toBeUndefined();
    expect(plain.has_more).toBe(false);
    const withMeta = await slack.conversations.history({ channel, include_all_metadata: true });
    expect(withMeta.messages?.[0]?.metadata).toEqual({ event_type: 'alert_posted', event_payload: { i: 4 } });
  });

  it('bot not a member → not_in_channel; private non-member → channel_not_found', async () => {
    const slack = clientFor(emu);
    const pub = emu.control.createChannel({ name: 'history-pub' });
    expect(await errorOf(slack.conversations.history({ channel: pub.id }))).toBe('not_in_channel');
    const priv = emu.control.createChannel({ name: 'history-priv', isPrivate: true });
    expect(await errorOf(slack.conversations.history({ channel: priv.id }))).toBe('channel_not_found');
  });

  it('cursor pagination with has_more', async () => {
    const slack = clientFor(emu);
    const first = await slack.conversations.history({ channel, limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(first.has_more).toBe(true);
    const cursor = first.response_metadata?.next_cursor as string;
    const second = await slack.conversations.history({ channel, limit: 2, cursor });
    expect(second.messages?.map((m) => m.text)).toEqual(['m2', 'm1']);
    const third = await slack.conversations.history({
      channel,
      limit: 2,
      cursor: second.response_metadata?.next_cursor as string,
    });
    expect(third.messages?.map((m) => m.text)).toEqual(['m0']);
    expect(third.response_metadata?.next_cursor).toBe('');
  });

  it('oldest/latest are exclusive unless inclusive', async () => {
    const slack = clientFor(emu);
    const [, b, , d] = posted;
    const exclusive = await slack.conversations.history({ channel, oldest: b, latest: d });
    expect(exclusive.messages?.map((m) => m.text)).toEqual(['m2']);
    const inclusive = await slack.conversations.history({ channel, oldest: b, latest: d, inclusive: true });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
    expect(await errorOf(slack.conversations.history({ channel, oldest: 'yesterday' }))).toBe(
      'invalid_ts_oldest',
    );
    expect(await errorOf(slack.conversations.history({ channel, latest: 'now' }))).toBe('invalid_ts_latest');
  });

  it('non-Marketplace mode caps limit at 15', async () => {
    const local = await startTestEmulator({ rateLimits: { enabled: false, nonMarketplace: true } });
    try {
      const id = local.control.createChannel({ name: 'many', botMember: true }).id;
      const slack = clientFor(local);
      for (let i = 0; i < 20; i++) await slack.chat.postMessage({ channel: id, text: `x${i}` });
      const res = await slack.conversations.history({ channel: id, limit: 100 });
      expect(res.messages?.length).toBe(15);
      expect(res.has_more).toBe(true);
    } finally {
      await local.close();
    }
  });
});

describe('conversations.replies', () => {
  it('returns the parent then replies oldest first; the parent shows reply_count', async () => {
    const slack = clientFor(emu);
    const parent = posted[0] as string;
    await slack.chat.postMessage({ channel, text: 'r1', thread_ts: parent });
    const r2 = await slack.chat.postMessage({ channel, text: 'r2', thread_ts: parent });
    expect(r2.message?.thread_ts).toBe(parent);
    const res = await slack.conversations.replies({ channel, ts: parent });
    expect(res.messages?.map((m) => m.text)).toEqual(['m0', 'r1', 'r2']);
    expect(res.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: parent, latest_reply: r2.ts });
    // Replies stay out of the channel history.
    const history = await slack.conversations.history({ channel });
    expect(history.messages?.map((m) => m.text)).not.toContain('r1');
    expect(emu.control.messages(channel).find((m) => m.ts === parent)?.replyCount).toBe(2);
  });

  it('paginates replies and answers thread_not_found for an unknown ts', async () => {
    const slack = clientFor(emu);
    const parent = posted[0] as string;
    const page = await slack.conversations.replies({ channel, ts: parent, limit: 2 });
    expect(page.has_more).toBe(true);
    const rest = await slack.conversations.replies({
      channel,
      ts: parent,
      limit: 2,
      cursor: page.response_metadata?.next_cursor as string,
    });
    expect(rest.messages?.map((m) => m.text)).toEqual(['r2']);
    expect(await errorOf(slack.conversations.replies({ channel, ts: '1.000001' }))).toBe('thread_not_found');
  });
});
