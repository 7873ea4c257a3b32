import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

// Threads as Slack's spec has them (slackapi/slack-api-specs `objs_message`, the method docs' examples):
// replies name their parent's author, a broadcast reply is also in the channel's history.

let emu: SlackEmulator;
let channel: string;
/** A user token acting as alice, so that a parent's author differs from the bot that replies. */
let aliceToken: string;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
  channel = emu.control.createChannel({ name: 'threads', botMember: true }).id;
  aliceToken = emu.control.createToken({ kind: 'user', scopes: ['chat:write', 'channels:history'] });
});
afterAll(() => emu.close());

const errorOf = async (p: Promise<unknown>) => ((await rejection(p))['data'] as { error: string }).error;

async function thread(parentText: string): Promise<string> {
  const res = await clientFor(emu, aliceToken).chat.postMessage({ channel, text: parentText });
  return res.ts as string;
}

describe('thread replies', () => {
  it('carry parent_user_id (the parent’s author); the parent does not', async () => {
    const slack = clientFor(emu);
    const parent = await thread('deploy started');
    const reply = await slack.chat.postMessage({ channel, thread_ts: parent, text: 'step 1 done' });
    expect(reply.message).toMatchObject({
      user: 'U0EMULBOT',
      thread_ts: parent,
      parent_user_id: 'U0ALICE01',
    });
    const res = await slack.conversations.replies({ channel, ts: parent });
    const [root, first] = res.messages ?? [];
    expect(root?.ts).toBe(parent);
    expect(root).not.toHaveProperty('parent_user_id');
    expect(first).toMatchObject({ ts: reply.ts, parent_user_id: 'U0ALICE01' });
    expect(first).not.toHaveProperty('subtype');
    // A plain reply stays out of the channel's history, and there no message has parent_user_id.
    const history = await slack.conversations.history({ channel });
    expect(history.messages?.map((m) => m.ts)).not.toContain(reply.ts);
    expect(history.messages?.some((m) => 'parent_user_id' in m)).toBe(false);
  });
});

describe('reply_broadcast', () => {
  it('puts the reply in conversations.history as thread_broadcast with its root', async () => {
    const slack = clientFor(emu);
    const parent = await thread('error storm started');
    const quiet = await slack.chat.postMessage({ channel, thread_ts: parent, text: 'sample 1' });
    const loud = await slack.chat.postMessage({
      channel,
      thread_ts: parent,
      reply_broadcast: true,
      text: 'priority raised to high',
    });
    expect(loud.message).toMatchObject({ subtype: 'thread_broadcast', root: { ts: parent } });

    const history = await slack.conversations.history({ channel, oldest: parent, inclusive: true });
    expect(history.messages?.map((m) => m.ts)).toEqual([loud.ts, parent]);
    const [broadcast] = history.messages ?? [];
    expect(broadcast).toMatchObject({
      type: 'message',
      subtype: 'thread_broadcast',
      user: 'U0EMULBOT',
      text: 'priority raised to high',
      thread_ts: parent,
      parent_user_id: 'U0ALICE01',
      root: {
        ts: parent,
        user: 'U0ALICE01',
        text: 'error storm started',
        thread_ts: parent,
        reply_count: 2,
        latest_reply: loud.ts,
      },
    });
    expect(history.messages?.map((m) => m.ts)).not.toContain(quiet.ts);

    // In the thread it is a reply like the others, marked as broadcast.
    const replies = await slack.conversations.replies({ channel, ts: parent });
    // The SDK's type of a replies message has no `subtype`; the wire does.
    const wire = (replies.messages ?? []) as Array<{ ts?: string; subtype?: string }>;
    expect(wire.map((m) => [m.ts, m.subtype])).toEqual([
      [parent, undefined],
      [quiet.ts, undefined],
      [loud.ts, 'thread_broadcast'],
    ]);
    const stored = emu.control.messages(channel);
    expect(stored.find((m) => m.ts === loud.ts)?.broadcast).toBe(true);
    expect(stored.find((m) => m.ts === quiet.ts)?.broadcast).toBeUndefined();
  });

  it('without thread_ts is a plain message', async () => {
    const slack = clientFor(emu);
    const res = await slack.apiCall('chat.postMessage', {
      channel,
      text: 'no thread',
      reply_broadcast: true,
    });
    const { message, ts } = res as { message?: Record<string, unknown>; ts?: string };
    expect(message).not.toHaveProperty('subtype');
    expect(message).not.toHaveProperty('root');
    expect(emu.control.messages(channel).find((m) => m.ts === ts)?.broadcast).toBeUndefined();
  });

  it('chat.update of a broadcast reply changes it in the thread and in the channel', async () => {
    const slack = clientFor(emu);
    const parent = await thread('deploy v2');
    const reply = await slack.chat.postMessage({
      channel,
      thread_ts: parent,
      reply_broadcast: true,
      text: 'rolling back',
    });
    const up = await slack.chat.update({ channel, ts: reply.ts as string, text: 'rolled back' });
    expect(up.message).toMatchObject({ subtype: 'thread_broadcast', text: 'rolled back', thread_ts: parent });
    const history = await slack.conversations.history({ channel, oldest: parent, inclusive: true });
    expect(history.messages?.[0]).toMatchObject({
      ts: reply.ts,
      text: 'rolled back',
      subtype: 'thread_broadcast',
    });
    const replies = await slack.conversations.replies({ channel, ts: parent });
    expect(replies.messages?.[1]).toMatchObject({ ts: reply.ts, text: 'rolled back' });

    // Deleted, it leaves both places and the root's count.
    await slack.chat.delete({ channel, ts: reply.ts as string });
    const after = await slack.conversations.history({ channel, oldest: parent, inclusive: true });
    expect(after.messages?.map((m) => m.ts)).toEqual([parent]);
    expect(after.messages?.[0]).not.toHaveProperty('reply_count');
  });

  it('chat.update reply_broadcast broadcasts an old reply, but not with new content nor a top-level message', async () => {
    const slack = clientFor(emu);
    const parent = await thread('incident');
    const reply = await slack.chat.postMessage({ channel, thread_ts: parent, text: 'still failing' });
    const ts = reply.ts as string;
    expect(await errorOf(slack.chat.update({ channel, ts, text: 'changed', reply_broadcast: true }))).toBe(
      'no_dual_broadcast_content_update',
    );
    const own = await slack.chat.postMessage({ channel, text: 'a top-level message of the bot' });
    expect(
      await errorOf(slack.chat.update({ channel, ts: own.ts as string, text: 'x', reply_broadcast: true })),
    ).toBe('cant_broadcast_message');
    let history = await slack.conversations.history({ channel, oldest: parent, inclusive: true });
    expect(history.messages?.map((m) => m.ts)).toEqual([own.ts, parent]);

    const up = await slack.chat.update({ channel, ts, text: 'still failing', reply_broadcast: true });
    expect(up.message).toMatchObject({ subtype: 'thread_broadcast', text: 'still failing' });
    expect(up.message).not.toHaveProperty('edited');
    history = await slack.conversations.history({ channel, oldest: parent, inclusive: true });
    expect(history.messages?.map((m) => [m.ts, m.subtype])).toEqual([
      [own.ts, undefined],
      [ts, 'thread_broadcast'],
      [parent, undefined],
    ]);
  });
});

describe('bot_profile', () => {
  it('has the spec’s required fields, icons (36/48/72) and updated, everywhere a bot message shows', async () => {
    const slack = clientFor(emu);
    const before = Math.floor(Date.now() / 1000);
    const parent = await slack.chat.postMessage({ channel, text: 'profile check' });
    await slack.chat.postMessage({ channel, thread_ts: parent.ts as string, text: 'profile reply' });
    const history = await slack.conversations.history({ channel, limit: 1 });
    const replies = await slack.conversations.replies({ channel, ts: parent.ts as string });
    const profiles = [parent.message, history.messages?.[0], ...(replies.messages ?? [])].map(
      (m) => m?.bot_profile,
    );
    expect(profiles).toHaveLength(4);
    for (const profile of profiles) {
      expect(profile).toEqual({
        id: 'B0EMULATOR',
        deleted: false,
        name: 'notifier',
        updated: expect.any(Number),
        app_id: 'A0EMULATOR',
        user_id: 'U0EMULBOT',
        icons: {
          image_36: expect.stringMatching(/^https:\/\/.+36\.png$/),
          image_48: expect.stringMatching(/^https:\/\/.+48\.png$/),
          image_72: expect.stringMatching(/^https:\/\/.+72\.png$/),
        },
        team_id: 'T0EMULATOR',
      });
      // Epoch seconds, from before the first post.
      expect(Number.isInteger(profile?.updated)).toBe(true);
      expect(profile?.updated).toBeLessThanOrEqual(before);
      expect(profile?.updated).toBeGreaterThan(before - 3600);
    }
  });
});

describe('attachments', () => {
  it('get their 1-based id per message in the answer, history and chat.update', async () => {
    const slack = clientFor(emu);
    const res = await slack.chat.postMessage({
      channel,
      text: 'with attachments',
      attachments: [{ text: 'a', color: 'danger' }, { text: 'b' }, { text: 'c', fallback: 'c!' }],
    });
    expect(res.message?.attachments?.map((a) => [a.id, a.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const history = await slack.conversations.history({ channel, limit: 1 });
    expect(history.messages?.[0]?.attachments).toEqual([
      { text: 'a', color: 'danger', id: 1 },
      { text: 'b', id: 2 },
      { text: 'c', fallback: 'c!', id: 3 },
    ]);
    const up = await slack.chat.update({
      channel,
      ts: res.ts as string,
      text: 'one left',
      attachments: [{ text: 'z' }],
    });
    expect((up.message as { attachments?: unknown[] } | undefined)?.attachments).toEqual([
      { text: 'z', id: 1 },
    ]);
    // Each message counts from 1.
    const other = await slack.chat.postMessage({ channel, text: 'another', attachments: [{ text: 'y' }] });
    expect(other.message?.attachments?.[0]?.id).toBe(1);
  });
});

describe('username and icons (chat:write.customize)', () => {
  it('are honoured with the scope: username and icons in the answer, history and the control view', async () => {
    const custom = clientFor(
      emu,
      emu.control.createToken({ scopes: ['chat:write', 'chat:write.customize'] }),
    );
    const slack = clientFor(emu);
    // Both icons at once (the SDK's types forbid it, Slack's docs say the emoji wins): a raw apiCall.
    const emoji = (await custom.apiCall('chat.postMessage', {
      channel,
      text: 'from the deploy bot',
      username: 'Deploy bot',
      icon_emoji: ':rocket:',
      icon_url: 'https://example.com/icon.png',
    })) as { ts?: string; message?: Record<string, unknown> };
    expect(emoji.message).toMatchObject({ username: 'Deploy bot', icons: { emoji: ':rocket:' } });
    const url = await custom.chat.postMessage({
      channel,
      text: 'with a picture',
      username: 'Pager',
      icon_url: 'https://example.com/pager.png',
    });
    const history = await slack.conversations.history({ channel, limit: 2 });
    expect(history.messages?.map((m) => [m.ts, m.username, m.icons])).toEqual([
      [url.ts, 'Pager', { image_64: 'https://example.com/pager.png' }],
      [emoji.ts, 'Deploy bot', { emoji: ':rocket:' }],
    ]);
    // Still the app's message.
    expect(history.messages?.[0]).toMatchObject({ bot_id: 'B0EMULATOR', user: 'U0EMULBOT' });
    const stored = emu.control.messages(channel).find((m) => m.ts === emoji.ts);
    expect(stored).toMatchObject({ username: 'Deploy bot', iconEmoji: ':rocket:' });
    expect(stored).not.toHaveProperty('iconUrl');
  });

  it('are ignored without the scope (the post still succeeds as the app), and with as_user', async () => {
    const slack = clientFor(emu);
    const plain = await slack.chat.postMessage({
      channel,
      text: 'no customize scope',
      username: 'Impostor',
      icon_emoji: ':ghost:',
    });
    expect(plain.ok).toBe(true);
    expect(plain.message).not.toHaveProperty('username');
    expect(plain.message).not.toHaveProperty('icons');
    const custom = clientFor(
      emu,
      emu.control.createToken({ scopes: ['chat:write', 'chat:write.customize'] }),
    );
    const asUser = (await custom.apiCall('chat.postMessage', {
      channel,
      text: 'as user',
      as_user: true,
      username: 'Impostor',
    })) as { ts?: string };
    const history = await slack.conversations.history({ channel, limit: 2 });
    expect(history.messages?.map((m) => [m.ts, m.username, m.icons])).toEqual([
      [asUser.ts, undefined, undefined],
      [plain.ts, undefined, undefined],
    ]);
    expect(emu.control.messages(channel).find((m) => m.ts === plain.ts)).not.toHaveProperty('username');
  });
});
