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
 * What a call ended by the notifier's own abort (close) returns: ambiguous, since Slack may have acted on a
 * request that was already sent, so a durable store's next start looks the message up before re-posting.
 */
export const ABORTED: SlackResult<never> = {
  ok: false,
  failure: { kind: 'ambiguous', code: 'timeout', detail: 'aborted: the notifier closed' },
};

/**
 * Binds a `WebClient` to a token provider. The token travels per call (`token` argument: the SDK turns it
 * into the `Authorization` header and redacts it from its logs), so rotation never rebuilds the client.
 * Once `signal` (the one the client's requests are bound to) aborts, every call answers {@link ABORTED}.
 */
export function createSlackCall(client: WebClient, tokens: TokenProvider, signal?: AbortSignal): SlackCall {
  return async <T extends WebAPICallResult>(method: string, args: Record<string, unknown> = {}) => {
    if (signal?.aborted) return ABORTED;
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
      if (signal?.aborted) return ABORTED;
      const failure = classifySlackError(err);
      return {
        ok: false,
        failure:
          failure.detail === undefined ? failure : { ...failure, detail: redactSecrets(failure.detail) },
      };
    }
  };
}
