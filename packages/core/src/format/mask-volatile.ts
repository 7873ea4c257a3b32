/**
 * Replaces the parts of a message that change between occurrences of the same problem, so that
 * `User 42 not found (req 9f8e7d6c…) at 2026-11-27T12:00:00Z` and `User 7 not found …` group together.
 * Order matters: wider patterns (UUIDs, timestamps, emails, addresses) go before bare numbers.
 */
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  // A quote after a letter is an apostrophe (`can't`), not the start of a quoted value.
  [/"(?:[^"\\\n]|\\.)*"|(?<![A-Za-z])'(?:[^'\\\n]|\\.)*'|`[^`\n]*`/g, '<str>'],
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  // Hex ids and numbers share one placeholder: a random hex id can be all digits.
  [/\b0x[0-9a-f]+\b/gi, '<#>'],
  // Hex ids: 8+ hex digits, or 6+ with at least one digit, not part of a longer word.
  [/(?<![0-9a-z])(?:[0-9a-f]{8,}|(?=[a-f]*\d)[0-9a-f]{6,7})(?![0-9a-z])/gi, '<#>'],
  [/\d+(?:\.\d+)?/g, '<#>'],
];

/** Masks volatile parts of a message: quoted values, UUIDs, ISO timestamps, emails, IPs, hex ids, numbers. */
export function maskVolatile(message: string): string {
  let out = message;
  for (const [pattern, replacement] of MASKS) out = out.replace(pattern, replacement);
  return out;
}
