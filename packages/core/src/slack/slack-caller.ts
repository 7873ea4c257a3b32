import type { WebAPICallResult, WebClient } from '@slack/web-api';
import { isNotifierError } from '../errors.js';
import { classifySlackError } from './classify-slack-error.js';
import type { SlackResult } from './gateway-types.js';
import { redactSecrets } from './redact-secrets.js';
import type { TokenProvider } from './token-provider.js';

/** Calls one Slack method with the current token; never throws. Internal to the Slack layer. */
export type SlackCall = <T extends WebAPICallResult = WebAPICallResult>(
  method: string,
  args?: Record<string, unknown>,
) => Promise<SlackResult<T>>;

/**
 * Binds a `WebClient` to a token provider. The token travels per call (`token` argument: the SDK turns it
 * into the `Authorization` header and redacts it from its logs), so rotation never rebuilds the client.
 */
export function createSlackCall(client: WebClient, tokens: TokenProvider): SlackCall {
  return async <T extends WebAPICallResult>(method: string, args: Record<string, unknown> = {}) => {
    let token: string;
    try {
      token = await tokens.get();
    } catch (err) {
      if (isNotifierError(err, 'invalid_token')) {
        return { ok: false, failure: { kind: 'auth', code: 'invalid_token', detail: err.message } };
      }
      return {
        ok: false,
        failure: {
          kind: 'transient',
          code: 'token_provider_failed',
          detail: 'the token provider function threw',
        },
      };
    }
    try {
      const value = (await client.apiCall(method, { ...args, token })) as T;
      return { ok: true, value };
    } catch (err) {
      const failure = classifySlackError(err);
      return {
        ok: false,
        failure:
          failure.detail === undefined ? failure : { ...failure, detail: redactSecrets(failure.detail) },
      };
    }
  };
}
