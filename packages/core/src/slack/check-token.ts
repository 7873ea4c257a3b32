import { NotifierError } from '../errors.js';
import type { Logger } from '../types.js';
import type { AuthInfo, SlackGateway } from './gateway-types.js';
import { checkScopes, type SlackFeature } from './required-scopes.js';

/** Options of {@link checkToken}. */
export interface CheckTokenOptions {
  /** Features in use; their scopes must be granted (optional ones only warn). @default ['post'] */
  features?: readonly SlackFeature[];
  /** Gets the warnings about optional scopes and a missing scope header. @default no logging */
  logger?: Logger;
}

/** What {@link checkToken} learned. */
export interface TokenCheck {
  auth: AuthInfo;
  /** Optional features switched off for lack of scopes (e.g. history recovery). */
  disabled: SlackFeature[];
}

/**
 * The start-time token check: format (the provider rejects anything but a bot token), `auth.test`, then
 * the granted scopes (`X-OAuth-Scopes`) against what `features` need. Throws `NotifierError`:
 * `invalid_token` (not a bot token; says which kind it got), `auth_failed` (Slack refused the token),
 * `missing_scopes` (every missing scope with its feature), `unreachable` (network, 5xx, rate limit…).
 * Messages and details never contain the token.
 */
export async function checkToken(
  gateway: Pick<SlackGateway, 'authTest'>,
  options: CheckTokenOptions = {},
): Promise<TokenCheck> {
  const { features = ['post'], logger } = options;
  const res = await gateway.authTest();
  if (!res.ok) {
    const { failure } = res;
    if (failure.code === 'invalid_token') {
      throw new NotifierError(
        'invalid_token',
        failure.detail ?? 'The Slack token is not a bot token (xoxb-…).',
        { details: { code: failure.code } },
      );
    }
    if (failure.kind === 'auth' || failure.kind === 'token_expired') {
      throw new NotifierError(
        'auth_failed',
        `Slack refused the bot token (${failure.code}): check that the app is installed in the workspace and the token is current.`,
        { details: { code: failure.code } },
      );
    }
    if (failure.code === 'token_provider_failed') {
      throw new NotifierError('auth_failed', 'The Slack token provider function threw.', {
        details: { code: failure.code },
      });
    }
    throw new NotifierError(
      'unreachable',
      `Could not check the Slack token: ${failure.detail ?? failure.code}.`,
      {
        details: { code: failure.code, kind: failure.kind },
      },
    );
  }
  const auth = res.value;
  if (auth.scopesKnown === false) {
    logger?.warn('Slack sent no X-OAuth-Scopes header: the token scopes cannot be checked at start', {
      source: 'backend-notifier',
    });
    return { auth, disabled: [] };
  }
  const { disabled } = checkScopes(auth.scopes, features, logger);
  return { auth, disabled };
}
