// Slack mrkdwn → DOM nodes. Slack escapes only &, < and > in message text; a raw `<…>` is a control
// sequence (link, mention, channel). Entities are decoded only after those sequences are cut out, so
// an escaped `&lt;!channel&gt;` shows as literal text and never as a (pinging) mention.
import { h, safeUrl } from './dom.js';
import { emojify } from './emoji.js';

/**
 * @typedef {object} RenderContext
 * @property {(id: string) => string | undefined} userName
 * @property {(id: string) => string | undefined} channelName
 * @property {(id: string) => void} [openChannel]
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** @param {string} text */
export function decodeEntities(text) {
  return text.replace(/&(lt|gt|amp);/g, (_, name) => (name === 'lt' ? '<' : name === 'gt' ? '>' : '&'));
}

/**
 * Renders mrkdwn into a fragment: code blocks, quotes, then inline formatting.
 * @param {string} text
 * @param {RenderContext} ctx
 * @returns {DocumentFragment}
 */
export function renderMrkdwn(text, ctx) {
  const out = document.createDocumentFragment();
  const parts = String(text ?? '').split(/```([\s\S]*?)```/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      const code = plainTokens(part.replace(/^\n/, '').replace(/\n$/, ''), ctx);
      out.appendChild(h('pre', { class: 'md-pre', testid: 'md-pre' }, decodeEntities(code)));
    } else if (part) {
      renderQuotesAndLines(trimAroundBlocks(part, i, parts.length), ctx, out);
    }
  });
  return out;
}

/** Drops the newline that separates a ``` block from the surrounding text (the block is a box). */
function trimAroundBlocks(/** @type {string} */ part, /** @type {number} */ i, /** @type {number} */ n) {
  let s = part;
  if (i > 0) s = s.replace(/^\n/, '');
  if (i < n - 1) s = s.replace(/\n$/, '');
  return s;
}

/**
 * @param {string} text
 * @param {RenderContext} ctx
 * @param {Node} out
 */
function renderQuotesAndLines(text, ctx, out) {
  const lines = text.split('\n');
  /** @type {string[]} */ let plain = [];
  /** @type {string[]} */ let quote = [];
  const flushPlain = () => {
    if (plain.length) out.appendChild(renderInline(plain.join('\n'), ctx));
    plain = [];
  };
  const flushQuote = () => {
    if (quote.length) {
      out.appendChild(
        h('blockquote', { class: 'md-quote', testid: 'md-quote' }, renderInline(quote.join('\n'), ctx)),
      );
    }
    quote = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = /** @type {string} */ (lines[i]);
    const rest = line.match(/^(?:&gt;|>){3}\s?(.*)$/);
    if (rest) {
      flushPlain();
      quote.push(rest[1] ?? '', ...lines.slice(i + 1));
      break;
    }
    const m = line.match(/^(?:&gt;|>)\s?(.*)$/);
    if (m) {
      flushPlain();
      quote.push(m[1] ?? '');
    } else {
      flushQuote();
      plain.push(line);
    }
  }
  flushPlain();
  flushQuote();
}

/**
 * Inline mrkdwn: `code`, <control sequences>, *bold*, _italic_, ~strike~.
 * @param {string} text
 * @param {RenderContext} ctx
 * @returns {DocumentFragment}
 */
export function renderInline(text, ctx) {
  /** @type {Node[]} */
  const tokens = [];
  const keep = (/** @type {Node} */ node) => `${OPEN}${tokens.push(node) - 1}${CLOSE}`;
  let s = String(text).replace(/[\uE000\uE001]/g, '');
  s = s.replace(/`([^`\n]+)`/g, (_, code) =>
    keep(h('code', { class: 'md-code', testid: 'md-code' }, decodeEntities(plainTokens(code, ctx)))),
  );
  s = s.replace(/<([^<>\n]+)>/g, (_, inner) => keep(controlSequence(inner, ctx)));
  const out = document.createDocumentFragment();
  formatInto(s, out, tokens);
  return out;
}

const STYLES = [
  { tag: 'strong', cls: 'md-bold', re: /(^|[^\p{L}\p{N}*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\p{L}\p{N}*])/u },
  { tag: 'em', cls: 'md-italic', re: /(^|[^\p{L}\p{N}_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\p{L}\p{N}_])/u },
  { tag: 'del', cls: 'md-strike', re: /(^|[^\p{L}\p{N}~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\p{L}\p{N}~])/u },
];

/**
 * Emits `s` into `out`, wrapping the earliest styled span each time (recursively for nesting).
 * @param {string} s
 * @param {Node} out
 * @param {Node[]} tokens
 */
function formatInto(s, out, tokens) {
  let rest = s;
  while (rest) {
    /** @type {{ start: number, end: number, inner: string, style: (typeof STYLES)[number] } | null} */
    let best = null;
    for (const style of STYLES) {
      const m = style.re.exec(rest);
      if (!m) continue;
      const start = m.index + (m[1] ?? '').length;
      if (!best || start < best.start) best = { start, end: m.index + m[0].length, inner: m[2] ?? '', style };
    }
    if (!best) break;
    textInto(rest.slice(0, best.start), out, tokens);
    const el = h(best.style.tag, { class: best.style.cls });
    formatInto(best.inner, el, tokens);
    out.appendChild(el);
    rest = rest.slice(best.end);
  }
  textInto(rest, out, tokens);
}

/** Plain text with placeholders swapped back for their nodes. */
function textInto(/** @type {string} */ s, /** @type {Node} */ out, /** @type {Node[]} */ tokens) {
  let last = 0;
  for (const m of s.matchAll(PLACEHOLDER)) {
    if (m.index > last)
      out.appendChild(document.createTextNode(emojify(decodeEntities(s.slice(last, m.index)))));
    const node = tokens[Number(m[1])];
    if (node) out.appendChild(node);
    last = m.index + m[0].length;
  }
  if (last < s.length) out.appendChild(document.createTextNode(emojify(decodeEntities(s.slice(last)))));
}

/**
 * One `<…>` control sequence as a node.
 * @param {string} inner
 * @param {RenderContext} ctx
 * @returns {Node}
 */
function controlSequence(inner, ctx) {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('!')) {
    const cmd = target.slice(1);
    if (cmd === 'channel' || cmd === 'here' || cmd === 'everyone') {
      return h(
        'span',
        { class: 'mention mention-broadcast', testid: 'mention', title: `<!${cmd}>` },
        `@${cmd}`,
      );
    }
    if (cmd.startsWith('subteam^')) {
      return h('span', { class: 'mention', testid: 'mention' }, label ?? `@${cmd.slice(8)}`);
    }
    if (cmd.startsWith('date^')) return document.createTextNode(label ?? '');
    return document.createTextNode(label ?? `<${decodeEntities(inner)}>`);
  }
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = ctx.userName(id) ?? label?.replace(/^@/, '') ?? id;
    return h('span', { class: 'mention', testid: 'mention', title: id }, `@${name}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = ctx.channelName(id) ?? label ?? id;
    return h(
      'span',
      { class: 'channel-link', testid: 'channel-link', title: id, onclick: () => ctx.openChannel?.(id) },
      `#${name}`,
    );
  }
  const url = safeUrl(decodeEntities(target));
  if (url) {
    return h(
      'a',
      { class: 'md-link', href: url, target: '_blank', rel: 'noopener noreferrer' },
      label ?? url,
    );
  }
  return document.createTextNode(`<${decodeEntities(inner)}>`);
}

/**
 * Control sequences as their display text, for places that show text only (code).
 * @param {string} text
 * @param {RenderContext} ctx
 */
function plainTokens(text, ctx) {
  return text.replace(/<([^<>\n]+)>/g, (whole, inner) => {
    const node = controlSequence(inner, ctx);
    return node.nodeType === Node.TEXT_NODE ? whole : (node.textContent ?? '');
  });
}
