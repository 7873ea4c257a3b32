import { describe, expect, it } from 'vitest';
import { captureLogger } from '../test-support/capture-logger.js';
import type { ActorDirectory } from './actor-directory.js';
import { createSlackInteractions, type SlackInteractionsOptions } from './create-slack-interactions.js';
import { handleSlackInteraction } from './handle-slack-interaction.js';
import type { Responder } from './response-url.js';
import { blockActionsPayload, formBody } from './test-support/block-actions.js';
import { recordingActions } from './test-support/recording-actions.js';
import { signedHeaders } from './test-support/sign.js';

const secret = 'b3c1d2e4f5a6978877665544332211ff';
const members: ActorDirectory = {
  isChannelMember: async (channel, user) => channel === 'C0ALERTS' && ['U0ALICE', 'U0BOB'].includes(user),
  groupMembers: async () => [],
};

function setup(overrides: Partial<SlackInteractionsOptions> & { fail?: boolean } = {}) {
  const recorded = recordingActions({ fail: overrides.fail ?? false });
  const replies: { url: string; message: Record<string, unknown> }[] = [];
  const responder: Responder = async (url, message) => {
    replies.push({ url, message });
    return true;
  };
  const log = captureLogger();
  const interactions = createSlackInteractions({
    actions: recorded.actions,
    teamId: 'T0TEAM',
    appId: 'A0APP',
    signingSecret: secret,
    directory: members,
    responder,
    logger: log,
    ...overrides,
  });
  const post = (body: string, headers = signedHeaders(secret, Math.floor(Date.now() / 1000), body)) =>
    handleSlackInteraction(interactions, { method: 'POST', headers, rawBody: body });
  return { interactions, recorded, replies, log, post };
}

describe('handleSlackInteraction', () => {
  it('acks a signed click with 200 and an empty body before acting, then acts', async () => {
    const { interactions, recorded, post } = setup();
    const res = post(formBody(blockActionsPayload({ actionId: 'mute_24h' })));
    expect(res).toMatchObject({ status: 200, body: '' });
    expect(recorded.calls).toHaveLength(0);
    await interactions.idle();
    expect(recorded.calls).toEqual([
      {
        action: 'mute',
        key: 'err:abc123',
        forMs: 86_400_000,
        by: { userId: 'U0ALICE', userName: 'alice', channelId: 'C0ALERTS', messageTs: '1700000000.000001' },
      },
    ]);
    expect(interactions.stats()).toMatchObject({ received: 1, accepted: 1, acted: 1, refused: {} });
  });

  it('maps each action id to its action', async () => {
    const { interactions, recorded, post } = setup();
    for (const actionId of ['acknowledge', 'mute_1h', 'unmute', 'resolve']) {
      post(formBody(blockActionsPayload({ actionId, value: `k-${actionId}` })));
    }
    await interactions.idle();
    expect(recorded.calls.map((c) => `${c.action}:${c.key}:${c.forMs ?? ''}`).sort()).toEqual([
      'acknowledge:k-acknowledge:',
      'mute:k-mute_1h:3600000',
      'resolve:k-resolve:',
      'unmute:k-unmute:',
    ]);
  });

  it('answers 401 (empty), 400 (reason) and 413 for what it refuses, and counts each', async () => {
    const { interactions, recorded, post, log } = setup({ maxBodyBytes: 4096 });
    const body = formBody(blockActionsPayload());
    const now = Math.floor(Date.now() / 1000);
    expect(post(body, signedHeaders(`${secret}x`, now, body))).toMatchObject({ status: 401, body: '' });
    expect(post(body, signedHeaders(secret, now - 301, body))).toMatchObject({ status: 401, body: '' });
    expect(post(`${body}x`, signedHeaders(secret, now, body))).toMatchObject({ status: 401 });
    const once = signedHeaders(secret, now, body);
    expect(post(body, once).status).toBe(200);
    expect(post(body, once)).toMatchObject({ status: 401, body: '' });
    expect(post(formBody(blockActionsPayload({ teamId: 'T0OTHER' }))).status).toBe(401);
    expect(post(formBody(blockActionsPayload({ appId: 'A0OTHER' }))).status).toBe(401);
    expect(post(formBody(blockActionsPayload({ actionId: 'drop_table' })))).toMatchObject({
      status: 400,
      body: 'unknown_action',
    });
    expect(post('payload=%7B')).toMatchObject({ status: 400, body: 'malformed' });
    expect(post(formBody({ ...blockActionsPayload(), pad: 'x'.repeat(5000) })).status).toBe(413);
    expect(post(body, {} as Record<string, string>).status).toBe(401);
    await interactions.idle();
    expect(recorded.calls).toHaveLength(1);
    const stats = interactions.stats();
    expect(stats.refused).toEqual({
      bad_signature: 2,
      stale: 1,
      replayed: 1,
      wrong_team: 1,
      wrong_app: 1,
      unknown_action: 1,
      malformed: 1,
      too_large: 1,
      missing_header: 1,
    });
    expect(stats.received).toBe(11);
    expect(log.lines.filter((l) => l.message === 'slack interaction refused')).toHaveLength(10);
    expect(JSON.stringify(log.lines)).not.toContain(secret);
    expect(JSON.stringify(log.lines)).not.toContain('hooks.slack.com');
  });

  it('tells a user who may not act, by an ephemeral reply, and changes nothing', async () => {
    const { interactions, recorded, replies, post } = setup();
    expect(post(formBody(blockActionsPayload({ userId: 'U0MALLORY' }))).status).toBe(200);
    await interactions.idle();
    expect(recorded.calls).toEqual([]);
    expect(replies).toEqual([
      {
        url: 'https://hooks.slack.com/actions/T0TEAM/1/abc',
        message: expect.objectContaining({ response_type: 'ephemeral', replace_original: false }),
      },
    ]);
    expect(interactions.stats()).toMatchObject({ received: 1, accepted: 0, refused: { not_allowed: 1 } });
  });

  it('counts a failed action and tells the user', async () => {
    const { interactions, replies, post } = setup({ fail: true });
    post(formBody(blockActionsPayload()));
    await interactions.idle();
    expect(interactions.stats()).toMatchObject({ accepted: 1, failed: 1, acted: 0 });
    expect(replies).toHaveLength(1);
  });

  it("answers Slack's ssl_check with 200 and acts on nothing", () => {
    const { interactions, post } = setup();
    expect(post('ssl_check=1&token=x').status).toBe(200);
    expect(interactions.stats()).toMatchObject({ received: 1, sslChecks: 1, accepted: 0 });
  });

  it('refuses 405 for other methods, 500 when the raw body is gone, 503 once closed', async () => {
    const { interactions, post } = setup();
    expect(handleSlackInteraction(interactions, { method: 'GET', headers: {}, rawBody: '' }).status).toBe(
      405,
    );
    expect(handleSlackInteraction(interactions, { headers: {}, rawBody: undefined }).status).toBe(500);
    expect(await interactions.close(100)).toBe(true);
    expect(post(formBody(blockActionsPayload())).status).toBe(503);
    expect(interactions.stats().refused).toMatchObject({ body_unavailable: 1, closed: 1 });
  });

  it('keeps the identity received = accepted + refused + authorizing + sslChecks', async () => {
    const { interactions, post } = setup();
    post(formBody(blockActionsPayload()));
    post(formBody(blockActionsPayload({ userId: 'U0EVE' })));
    post('payload=x');
    post('ssl_check=1');
    const mid = interactions.stats();
    const refused = (s: typeof mid) => Object.values(s.refused).reduce((a, b) => a + (b ?? 0), 0);
    expect(mid.received).toBe(mid.accepted + refused(mid) + mid.authorizing + mid.sslChecks);
    await interactions.idle();
    const end = interactions.stats();
    expect(end.received).toBe(end.accepted + refused(end) + end.authorizing + end.sslChecks);
    expect(end).toMatchObject({ received: 4, accepted: 1, authorizing: 0, acted: 1 });
  });

  it('refuses bad options at construction', () => {
    const { actions } = recordingActions();
    expect(() => createSlackInteractions({ actions, teamId: 'nope', appId: 'A0APP' })).toThrow(/teamId/);
    expect(() => createSlackInteractions({ actions, teamId: 'T0TEAM', appId: '' })).toThrow(/appId/);
    expect(() => createSlackInteractions({ actions: {} as never, teamId: 'T0TEAM', appId: 'A0APP' })).toThrow(
      /actions/,
    );
  });
});
