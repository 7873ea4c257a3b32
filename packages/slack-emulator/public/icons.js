// Inline SVG icons (no icon font or outside request).
const SVG_NS = 'http://www.w3.org/2000/svg';

/** @param {string} d  path data @param {string} cls @param {string} [testid] */
function icon(d, cls, testid) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('class', `icon ${cls}`);
  svg.setAttribute('aria-hidden', 'true');
  if (testid) svg.dataset.testid = testid;
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', 'currentColor');
  svg.appendChild(path);
  return svg;
}

/** A padlock, for private channels. @param {string} [testid] */
export function lockIcon(testid) {
  return icon(
    'M8 1.5a3.5 3.5 0 0 0-3.5 3.5v2H4a1 1 0 0 0-1 1v5.5a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V5A3.5 3.5 0 0 0 8 1.5Zm2 5.5H6V5a2 2 0 1 1 4 0v2Z',
    'icon-lock',
    testid,
  );
}

/** A hash sign, for public channels. */
export function hashIcon() {
  return icon(
    'M6.2 2 5.7 5H3v1.5h2.45l-.5 3H2.5V11h2.2l-.5 3h1.5l.5-3h3l-.5 3h1.5l.5-3H14V9.5h-2.55l.5-3H14.5V5h-2.3l.5-3h-1.5l-.5 3h-3l.5-3H6.2Zm.75 4.5h3l-.5 3h-3l.5-3Z',
    'icon-hash',
  );
}
