import { NotifierError } from '../errors.js';
import type { Notification } from '../types.js';

/**
 * The channel a notification goes to: its route (`notification.channel`) looked up in `routes`, or the
 * default channel. A value that is not a notification, or an unknown route, is a programmer error: it
 * throws `NotifierError('invalid_notification')` at once rather than being queued for a channel that
 * does not exist.
 */
export function resolveRoute(
  input: Notification | string,
  defaultChannel: string,
  routes: ReadonlyMap<string, string>,
): string {
  if (typeof input === 'string') return defaultChannel;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const got = input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input;
    throw new NotifierError(
      'invalid_notification',
      `notify() takes a notification object or a string (got ${got})`,
    );
  }
  const route = input.channel;
  if (route === undefined) return defaultChannel;
  const name = routes.get(route) ?? (route.replace(/^#/, '') === defaultChannel ? defaultChannel : undefined);
  if (name === undefined) {
    throw new NotifierError(
      'invalid_notification',
      `unknown route "${route}": add it to the notifier's routes option`,
      {
        details: { field: 'channel', routes: [...routes.keys()] },
      },
    );
  }
  return name;
}
