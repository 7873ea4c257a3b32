import { NotifierError } from '../errors.js';
import type { Mention } from '../types.js';

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const GROUP_ID = /^S[A-Z0-9]{2,}$/;

function renderOne(mention: Mention): string {
  if (mention === 'channel') return '<!channel>';
  if (mention === 'here') return '<!here>';
  if (typeof mention === 'object' && mention !== null) {
    if ('user' in mention) {
      if (typeof mention.user === 'string' && USER_ID.test(mention.user)) return `<@${mention.user}>`;
      throw new NotifierError(
        'invalid_notification',
        'mention.user must be a Slack user id (U or W followed by capital letters and digits)',
        { details: { field: 'mention' } },
      );
    }
    if ('group' in mention) {
      if (typeof mention.group === 'string' && GROUP_ID.test(mention.group)) {
        return `<!subteam^${mention.group}>`;
      }
      throw new NotifierError(
        'invalid_notification',
        'mention.group must be a Slack user group id (S followed by capital letters and digits)',
        { details: { field: 'mention' } },
      );
    }
  }
  throw new NotifierError(
    'invalid_notification',
    "mention must be 'channel', 'here', { user: 'U…' } or { group: 'S…' }",
    { details: { field: 'mention' } },
  );
}

/**
 * Renders the explicit `mention` option as Slack mention tokens (`<!channel>`, `<!here>`, `<@U…>`,
 * `<!subteam^S…>`), space separated, without duplicates; `''` when there is none. These tokens are the only
 * way a message from this library can ping anyone.
 * @throws NotifierError `invalid_notification` for an unknown form or a malformed id.
 */
export function renderMentions(mention: Mention | Mention[] | undefined): string {
  if (mention === undefined) return '';
  const list = Array.isArray(mention) ? mention : [mention];
  return [...new Set(list.map(renderOne))].join(' ');
}
