import { formatCount } from './truncate.js';

/**
 * The longest string (in UTF-16 code units) the notifier reads on the `notify()` path: an error's name,
 * message, stack and code, a text it fingerprints. A longer one is never read, only its length is kept.
 *
 * Why a hard limit and not "read the first N characters": V8 keeps a string built by concatenation
 * (`'Failed: ' + body`, a template literal, every `error.stack` of an error with a long message) as a rope,
 * and reading any part of a rope (a slice, one character, a regex) first copies all of it into one flat
 * string. Below about 128 KB the copy lands in V8's regular heap and costs microseconds; above, it goes to
 * the large-object space (measured on Node 20: 128 KB 0.5 ms, 2 MB 7 ms, 5 MB 15 ms), and JavaScript cannot
 * tell a rope from a flat string beforehand. 60,000 code units stay below 128 KB even for two-byte strings,
 * and hold 20 times what one Slack section shows (3,000).
 */
export const READ_MAX = 60_000;

/** `s` when the notifier may read it (at most `READ_MAX` code units), `undefined` when it is too long. */
export function readable(s: string): string | undefined {
  return s.length <= READ_MAX ? s : undefined;
}

/** The line shown instead of a string that was not read, e.g. `(stack not shown: 2,097,152 characters, …)`. */
export function unreadNotice(what: string, length: number): string {
  return `(${what} not shown: ${formatCount(length)} characters, more than the ${formatCount(READ_MAX)} the notifier reads)`;
}

/**
 * The most items of a list (`blocks`, `attachments`, `fields`) the notifier looks at: more than Slack shows
 * (50 blocks, 20 attachments after fitting, 10 fields per section), so a million blocks cost what 200 cost.
 * Items past it are counted in the message's "left out" notice.
 */
export const LIST_READ_MAX = 200;
