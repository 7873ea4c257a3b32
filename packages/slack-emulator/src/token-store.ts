import type { IdGenerator } from './ids.js';
import type { TokenKind } from './types.js';

/** Why a token no longer works; each maps to Slack's error code. */
export type TokenState = 'active' | 'token_revoked' | 'token_expired' | 'account_inactive';

/** A token as stored. `id` is the redacted name used in logs. */
export interface TokenRecord {
  token: string;
  id: string;
  kind: TokenKind;
  scopes: string[];
  userId: string;
  state: TokenState;
}

const PREFIX: Record<TokenKind, string> = { bot: 'xoxb-', user: 'xoxp-', app: 'xapp-' };

/** Infers a token's kind from its prefix. */
export function tokenKindOf(token: string): TokenKind {
  if (token.startsWith('xoxp-')) return 'user';
  if (token.startsWith('xapp-')) return 'app';
  return 'bot';
}

/** Holds the tokens of the workspace. Token strings come from the seeded generator. */
export class TokenStore {
  #tokens = new Map<string, TokenRecord>();
  #ids: IdGenerator;
  #counter = 0;

  constructor(ids: IdGenerator) {
    this.#ids = ids;
  }

  /** Generates a token string of the given kind. */
  generate(kind: TokenKind): string {
    const d = this.#ids;
    return kind === 'app'
      ? `${PREFIX.app}1-${d.id('A', 10)}-${d.digits(13)}-${d.secret(64)}`
      : `${PREFIX[kind]}${d.digits(13)}-${d.digits(13)}-${d.secret(24)}`;
  }

  /** Stores a token (replacing one with the same string). */
  add(token: string, kind: TokenKind, scopes: string[], userId: string): TokenRecord {
    this.#counter += 1;
    const record: TokenRecord = {
      token,
      id: `tok_${this.#counter}`,
      kind,
      scopes: [...scopes],
      userId,
      state: 'active',
    };
    this.#tokens.set(token, record);
    return record;
  }

  get(token: string): TokenRecord | undefined {
    return this.#tokens.get(token);
  }

  /** Sets the state; false when the token is unknown. */
  setState(token: string, state: TokenState): boolean {
    const record = this.#tokens.get(token);
    if (!record) return false;
    record.state = state;
    return true;
  }

  delete(token: string): boolean {
    return this.#tokens.delete(token);
  }

  list(): TokenRecord[] {
    return [...this.#tokens.values()];
  }
}
