import { NotifierError } from '../errors.js';

/** Longest channel name Slack accepts. */
export const MAX_CHANNEL_NAME_LENGTH = 80;

/**
 * Checks a channel name against Slack's documented rules (lowercase ASCII letters, digits, `-` and `_`,
 * 1–80 characters, not only punctuation) and returns it without a leading `#`. The name is not rewritten
 * (no lower-casing, no replacing): a silently different channel would be worse than a clear error, so a bad
 * name throws `NotifierError('invalid_options')` saying what is wrong, before any call to Slack.
 */
export function validateChannelName(input: unknown): string {
  if (typeof input !== 'string') {
    throw new NotifierError(
      'invalid_options',
      `The channel name must be a string, got ${input === null ? 'null' : typeof input}.`,
    );
  }
  const name = input.startsWith('#') ? input.slice(1) : input;
  const fail = (why: string): never => {
    throw new NotifierError(
      'invalid_options',
      `Invalid Slack channel name ${JSON.stringify(input)}: ${why}. Slack channel names use only lowercase letters, digits, hyphens and underscores, at most ${MAX_CHANNEL_NAME_LENGTH} characters (e.g. "alerts-prod").`,
      { details: { channel: input } },
    );
  };
  if (name.length === 0) fail('it is empty');
  if (name.length > MAX_CHANNEL_NAME_LENGTH) fail(`it has ${name.length} characters`);
  if (/[A-Z]/.test(name)) fail('it has upper-case letters');
  const bad = name.match(/[^a-z0-9_-]/u);
  if (bad) fail(bad[0] === ' ' ? 'it contains a space' : `it contains ${JSON.stringify(bad[0])}`);
  if (!/[a-z0-9]/.test(name)) fail('it has only punctuation');
  return name;
}
