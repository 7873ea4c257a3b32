// Tiny DOM helpers. Message data only ever reaches the page through text nodes and validated
// attributes, never through innerHTML, so a message cannot inject markup or script.

/**
 * Creates an element. `attrs` keys: `class`, `testid` (→ data-testid), `text`, `title`, `on<Event>`
 * handlers, `style` (object of already-validated CSS values), anything else → setAttribute.
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {...(Node | string | null | undefined | false | Array<Node | string | null | undefined | false>)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = String(value);
      else if (key === 'testid') el.dataset.testid = String(value);
      else if (key === 'text') el.textContent = String(value);
      else if (key === 'style' && typeof value === 'object') {
        for (const [prop, v] of Object.entries(value)) el.style.setProperty(prop, String(v));
      } else if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
      } else if (key === 'dataset' && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
      } else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * Appends children (strings become text nodes; falsy values are skipped; arrays are flattened).
 * @param {Node} parent
 * @param {unknown[]} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Replaces all children of `parent`.
 * @param {Element} parent
 * @param {...unknown} children
 */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Slack's ts ("1700000000.123456") as a Date.
 * @param {string | undefined} ts
 */
export function tsToDate(ts) {
  const seconds = Number.parseFloat(ts ?? '');
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
}

/** @param {Date | null} date */
export function clockTime(date) {
  if (!date) return '';
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** @param {Date | null} date */
export function fullTime(date) {
  return date ? date.toLocaleString() : '';
}

/**
 * Only web and mail links become clickable; anything else (javascript:, data:, …) stays text.
 * @param {string} url
 */
export function safeUrl(url) {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : null;
}

/**
 * Slack colour names and hex values (with or without #); anything else → null.
 * @param {unknown} color
 */
export function attachmentColor(color) {
  if (typeof color !== 'string') return null;
  const named = { good: '#2eb886', warning: '#daa038', danger: '#a30200' };
  if (color in named) return named[/** @type {keyof typeof named} */ (color)];
  const hex = color.startsWith('#') ? color.slice(1) : color;
  return /^([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex) ? `#${hex}` : null;
}

/** A stable hue for avatars, from the name. @param {string} name */
export function avatarColor(name) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 45% 42%)`;
}

/**
 * Compares Slack ts strings exactly (as floats they lose the last digits).
 * @param {string} a
 * @param {string} b
 * @returns {number} <0, 0 or >0
 */
export function cmpTs(a, b) {
  const [ai = '0', af = ''] = String(a).split('.');
  const [bi = '0', bf = ''] = String(b).split('.');
  const fa = af.padEnd(6, '0');
  const fb = bf.padEnd(6, '0');
  return Number(ai) - Number(bi) || (fa < fb ? -1 : fa > fb ? 1 : 0);
}
