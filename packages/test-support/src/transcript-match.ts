/**
 * Values that differ from run to run although the README is right: a free port, a message `ts` (clock),
 * a permalink made of it, a channel's `created` time, a bot profile's `updated`. Everything else in a
 * transcript must match exactly.
 * A port is the same for the whole session (`sticky`); a clock value only within one output.
 */
const VOLATILE: Array<{ kind: string; find: RegExp; pattern: string; sticky: boolean }> = [
  {
    kind: 'port',
    find: /(?<=(?:127\.0\.0\.1|localhost|\[::1\]):)\d{2,5}\b/g,
    pattern: '\\d{2,5}',
    sticky: true,
  },
  { kind: 'ts', find: /\b\d{10}\.\d{6}\b/g, pattern: '\\d{10}\\.\\d{6}', sticky: false },
  { kind: 'permalink', find: /(?<=\/p)\d{16}\b/g, pattern: '\\d{16}', sticky: false },
  { kind: 'created', find: /(?<="created":)\d{10}\b/g, pattern: '\\d{10}', sticky: false },
  // A bot profile's `updated` (epoch seconds, when the emulator's workspace was made).
  { kind: 'updated', find: /(?<="updated":)\d{10}\b/g, pattern: '\\d{10}', sticky: false },
];

/** README value → this run's value, per kind (`port:40749` → `45163`). */
export type VolatileMap = Map<string, string>;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Span = { index: number; value: string; kind: string; pattern: string; sticky: boolean };

function volatileSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const v of VOLATILE) {
    for (const m of text.matchAll(v.find)) {
      spans.push({ index: m.index ?? 0, value: m[0], kind: v.kind, pattern: v.pattern, sticky: v.sticky });
    }
  }
  return spans.sort((a, b) => a.index - b.index);
}

/** Replaces the README's volatile values (a port, a ts) that an earlier step mapped to this run's. */
export function applyVolatileMap(text: string, map: VolatileMap): string {
  let out = '';
  let at = 0;
  for (const s of volatileSpans(text)) {
    if (s.index < at) continue;
    out += text.slice(at, s.index) + (map.get(`${s.kind}:${s.value}`) ?? s.value);
    at = s.index + s.value.length;
  }
  return out + text.slice(at);
}

/** Lines without trailing blanks, CRLF as LF, no trailing empty lines; '' or text ending in '\n'. */
export function tidyOutput(text: string): string {
  const lines = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * Whether `actual` is what the README shows as `expected`: line by line and exactly, except that a line
 * `...` stands for any number of lines, and volatile values (see above) match any value of their kind,
 * the same README value always the same actual value within this output. Sticky values (ports) `known`
 * from earlier steps must match exactly. Returns the sticky values this step learned.
 */
export function matchTranscript(
  expected: string,
  actual: string,
  known: VolatileMap = new Map(),
): { ok: true; learned: VolatileMap } | { ok: false } {
  const groups = new Map<string, string>(); // volatile key → group name
  const sticky = new Set<string>();
  let source = '^';
  for (const line of tidyOutput(expected).split('\n').slice(0, -1)) {
    if (line === '...') {
      source += '(?:[^\\n]*\\n)*?';
      continue;
    }
    let at = 0;
    for (const s of volatileSpans(line)) {
      if (s.index < at) continue;
      source += escapeRegex(line.slice(at, s.index));
      const key = `${s.kind}:${s.value}`;
      const seen = groups.get(key);
      const mapped = s.sticky ? known.get(key) : undefined;
      if (mapped !== undefined) source += escapeRegex(mapped);
      else if (seen) source += `\\k<${seen}>`;
      else {
        const name = `v${groups.size}`;
        groups.set(key, name);
        if (s.sticky) sticky.add(key);
        source += `(?<${name}>${s.pattern})`;
      }
      at = s.index + s.value.length;
    }
    source += `${escapeRegex(line.slice(at))}\\n`;
  }
  const m = new RegExp(`${source}$`).exec(tidyOutput(actual));
  if (!m) return { ok: false };
  const learned: VolatileMap = new Map();
  for (const [key, name] of groups) if (sticky.has(key)) learned.set(key, m.groups?.[name] ?? '');
  return { ok: true, learned };
}
