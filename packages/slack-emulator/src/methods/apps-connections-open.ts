import { SlackApiError } from '../slack-error.js';
import { type MethodDef, requireScopes } from './context.js';

/**
 * `apps.connections.open`: an app-level token (`xapp-…`, `connections:write`) in the Authorization
 * header gets a one-time `ws://` URL of this emulator's Socket Mode endpoint. Tier 1, as Slack lists it.
 */
export const appsConnectionsOpen: MethodDef = {
  tier: 't1',
  handle(ctx) {
    requireScopes(ctx);
    if (!ctx.socketModeUrl) throw new SlackApiError('internal_error');
    return { url: ctx.socketModeUrl() };
  },
};
