import { argBool, argString } from '../body-parser.js';
import type { Message } from '../types.js';
import type { MethodContext } from './context.js';

/** The scope that lets a bot token set its own name and icon per message. */
export const CUSTOMIZE_SCOPE = 'chat:write.customize';

/**
 * The `username` / `icon_emoji` / `icon_url` of a chat.postMessage that Slack would honour: only for a
 * bot token holding `chat:write.customize`, and not with `as_user=true`. Otherwise they are ignored and
 * the message keeps the app's own name and icon (the call still succeeds). `icon_emoji` overrides
 * `icon_url`, as the method's docs say.
 */
export function readAuthorship(ctx: MethodContext): Pick<Message, 'username' | 'iconEmoji' | 'iconUrl'> {
  const { token } = ctx;
  if (token.kind !== 'bot' || !token.scopes.includes(CUSTOMIZE_SCOPE) || argBool(ctx.args, 'as_user')) {
    return {};
  }
  const username = argString(ctx.args, 'username');
  const iconEmoji = argString(ctx.args, 'icon_emoji');
  const iconUrl = argString(ctx.args, 'icon_url');
  return {
    ...(username ? { username } : {}),
    ...(iconEmoji ? { iconEmoji } : iconUrl ? { iconUrl } : {}),
  };
}
