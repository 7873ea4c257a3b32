import { describe, expect, it } from 'vitest';
import { parseInteractionBody, readBlockAction } from './parse-interaction.js';
import { blockActionsPayload, formBody } from './test-support/block-actions.js';

const FORM = 'application/x-www-form-urlencoded';

describe('parseInteractionBody', () => {
  it('reads the form Slack sends and JSON', () => {
    const payload = blockActionsPayload();
    expect(parseInteractionBody(formBody(payload), FORM)).toEqual({ ok: true, kind: 'payload', payload });
    expect(parseInteractionBody(JSON.stringify(payload), 'application/json; charset=utf-8')).toEqual({
      ok: true,
      kind: 'payload',
      payload,
    });
  });

  it("recognises Slack's ssl_check probe", () => {
    expect(parseInteractionBody('ssl_check=1&token=x', FORM)).toEqual({ ok: true, kind: 'ssl_check' });
  });

  it('refuses what it cannot read', () => {
    for (const [body, type] of [
      ['payload=%7Bnot-json', FORM],
      ['nothing=here', FORM],
      [`${formBody({ a: 1 })}&${formBody({ b: 2 })}`, FORM],
      ['{"type":"block_actions"}', 'text/plain'],
      ['{"type":"block_actions"}', undefined],
      ['{', 'application/json'],
    ] as const) {
      expect(parseInteractionBody(body, type)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});

describe('readBlockAction', () => {
  it('picks what acting needs from a click', () => {
    expect(readBlockAction(blockActionsPayload())).toEqual({
      ok: true,
      request: {
        teamId: 'T0TEAM',
        appId: 'A0APP',
        userId: 'U0ALICE',
        userName: 'alice',
        channelId: 'C0ALERTS',
        messageTs: '1700000000.000001',
        responseUrl: 'https://hooks.slack.com/actions/T0TEAM/1/abc',
        actionId: 'mute_1h',
        key: 'err:abc123',
      },
    });
  });

  it('takes the team from user.team_id when team is null', () => {
    const payload = { ...blockActionsPayload(), team: null };
    const read = readBlockAction(payload);
    expect(read.ok && read.request.teamId).toBe('T0TEAM');
  });

  it('refuses other payload types and broken shapes', () => {
    expect(readBlockAction({ type: 'view_submission' })).toEqual({ ok: false, reason: 'unsupported_type' });
    for (const bad of [
      null,
      [],
      'block_actions',
      {},
      { ...blockActionsPayload(), user: { id: 'not-a-user' } },
      { ...blockActionsPayload(), api_app_id: 42 },
      { ...blockActionsPayload(), team: null, user: { id: 'U0ALICE' } },
      { ...blockActionsPayload(), container: {}, channel: null },
      { ...blockActionsPayload(), actions: [] },
      { ...blockActionsPayload(), actions: 'x' },
    ]) {
      expect(readBlockAction(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
    const two = blockActionsPayload();
    two['actions'] = [...(two['actions'] as unknown[]), ...(two['actions'] as unknown[])];
    expect(readBlockAction(two)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses actions that are not ours or carry no key', () => {
    for (const overrides of [
      { actionId: 'delete_everything' },
      { actionId: 'ACKNOWLEDGE' },
      { value: undefined },
      { value: '' },
      { value: 'k'.repeat(2001) },
    ]) {
      expect(readBlockAction(blockActionsPayload(overrides))).toEqual({
        ok: false,
        reason: 'unknown_action',
      });
    }
    const select = blockActionsPayload();
    (select['actions'] as Record<string, unknown>[])[0]!['type'] = 'static_select';
    expect(readBlockAction(select)).toEqual({ ok: false, reason: 'unknown_action' });
  });
});
