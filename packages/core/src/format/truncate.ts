import { escapeMrkdwn, unescapedLength } from './escape-mrkdwn.js';
import { cleanText, sliceCodeUnits } from './well-formed.js';

const FENCE = /```/g;

/** Number of ``` code fences in `s` (non-overlapping, left to right). */
export function countFences(s: string): number {
  return s.match(FENCE)?.length ?? 0;
}

/** Closes an unclosed ``` code block, so the rest of the message is not swallowed by it. */
export function balanceFences(s: string): string {
  return countFences(s) % 2 === 1 ? `${s}\n\`\`\`` : s;
}

/** `12345` → `12,345` (toLocaleString goes through ICU and is slow on a hot path). */
export function formatCount(n: number): string {
  return String(Math.floor(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The line that says text was cut, e.g. `… (truncated, 12,345 more characters)`. */
export function truncationNotice(removed: number): string {
  return `… (truncated, ${formatCount(removed)} more characters)`;
}

/**
 * A prefix of escaped mrkdwn of at most `max` code units that ends on a clean boundary: never inside a
 * surrogate pair, an entity (`&amp;`), one of our own `<…>` tokens, or a run of backticks.
 */
function cleanCut(s: string, max: number): string {
  let cut = sliceCodeUnits(s, max);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && amp >= cut.length - 4 && !cut.includes(';', amp)) cut = cut.slice(0, amp);
  const lt = cut.lastIndexOf('<');
  if (lt > cut.lastIndexOf('>')) cut = cut.slice(0, lt);
  return cut.replace(/`+$/, '');
}

/**
 * Fits already escaped mrkdwn into `max` code units. When it cuts, it closes an open code block and ends
 * with a notice saying how many characters were left out. Fences are balanced in every result.
 * @param extraRemoved characters already removed before this call (counted in the notice). @default 0
 */
export function truncateMrkdwn(s: string, max: number, extraRemoved = 0): string {
  const balanced = balanceFences(s);
  if (balanced.length <= max && extraRemoved === 0) return balanced;
  const reserve = truncationNotice(unescapedLength(s) + extraRemoved).length + 5;
  if (max < reserve + 20) {
    // Too small for a notice (short titles): a plain cut, without backticks so no fence can open.
    return `${cleanCut(s.replace(/`/g, "'"), max - 1)}…`;
  }
  const kept = cleanCut(s, max - reserve);
  const removed = unescapedLength(s.slice(kept.length)) + extraRemoved;
  return `${balanceFences(kept)}\n${truncationNotice(removed)}`;
}

/**
 * Escapes raw data and fits it into `max` code units. Huge inputs (a 1 MB stack trace) are cut before
 * escaping, so the cost stays proportional to `max`.
 * @param extraRemoved characters already left out before this call (counted in the notice). @default 0
 */
export function escapeAndTruncate(raw: string, max: number, extraRemoved = 0): string {
  if (raw.length <= max) return truncateMrkdwn(escapeMrkdwn(raw), max, extraRemoved);
  const cut = sliceCodeUnits(raw, max);
  return truncateMrkdwn(escapeMrkdwn(cut), max, raw.length - cut.length + extraRemoved);
}

/** Fits plain text (no mrkdwn, no escaping) into `max` code units, ending with `…` when it cuts. */
export function truncatePlain(s: string, max: number): string {
  // Replacing a lone surrogate keeps the length, so cutting first is safe and keeps huge input cheap.
  if (s.length <= max) return cleanText(s);
  return `${cleanText(sliceCodeUnits(s, max - 1))}…`;
}

/** The first `max` code units of `s` (surrogate-safe): cheap pre-cut before whole-string regexes. */
export function head(s: string, max: number): string {
  return sliceCodeUnits(s, max);
}
