/** A `block_actions` payload as Slack sends it for a click on one of our buttons (bolt-js BlockAction). */
export function blockActionsPayload(
  overrides: {
    teamId?: string;
    appId?: string;
    userId?: string;
    channelId?: string;
    actionId?: string;
    value?: string | undefined;
    responseUrl?: string;
  } = {},
): Record<string, unknown> {
  const teamId = overrides.teamId ?? 'T0TEAM';
  const channelId = overrides.channelId ?? 'C0ALERTS';
  const action: Record<string, unknown> = {
    action_id: overrides.actionId ?? 'mute_1h',
    block_id: 'bn_actions',
    text: { type: 'plain_text', text: 'Mute 1 h' },
    type: 'button',
    action_ts: '1700000000.000100',
  };
  if (!('value' in overrides) || overrides.value !== undefined)
    action['value'] = overrides.value ?? 'err:abc123';
  return {
    type: 'block_actions',
    user: { id: overrides.userId ?? 'U0ALICE', username: 'alice', name: 'alice', team_id: teamId },
    api_app_id: overrides.appId ?? 'A0APP',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000001',
      channel_id: channelId,
      is_ephemeral: false,
    },
    trigger_id: '123.456.abc',
    team: { id: teamId, domain: 'acme' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'alerts' },
    message: { type: 'message', ts: '1700000000.000001', text: 'boom' },
    state: { values: {} },
    response_url: overrides.responseUrl ?? 'https://hooks.slack.com/actions/T0TEAM/1/abc',
    actions: [action],
  };
}

/** `payload=<urlencoded JSON>`, the form body Slack POSTs. */
export function formBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
