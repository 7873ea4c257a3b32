/** Longest channel name Slack accepts. */
export const MAX_CHANNEL_NAME = 80;

type NameRule = { error: string; fails: (name: string) => boolean };

// Order is ours (Slack does not document it): required → maxlength → specials → punctuation.
const RULES: NameRule[] = [
  { error: 'invalid_name_required', fails: (n) => n.length === 0 },
  { error: 'invalid_name_maxlength', fails: (n) => n.length > MAX_CHANNEL_NAME },
  { error: 'invalid_name_specials', fails: (n) => !/^[a-z0-9_-]*$/.test(n) },
  { error: 'invalid_name_punctuation', fails: (n) => !/[a-z0-9]/.test(n) },
];

/** Slack's error code for an invalid channel name, or undefined when the name is valid. */
export function validateChannelName(name: string): string | undefined {
  return RULES.find((rule) => rule.fails(name))?.error;
}
