import type { MethodDef } from './context.js';

/** `auth.test`: who the token is. */
export const authTest: MethodDef = {
  tier: 't5',
  handle({ ws, token }) {
    return {
      url: `https://${ws.domain}.slack.com/`,
      team: ws.teamName,
      user: ws.userName(token.userId),
      team_id: ws.teamId,
      user_id: token.userId,
      ...(token.kind === 'bot' ? { bot_id: ws.bot.botId, app_id: ws.bot.appId } : {}),
      is_enterprise_install: false,
    };
  },
};
