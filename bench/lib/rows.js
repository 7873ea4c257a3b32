// One row of the results table: a measured figure, its unit, and (for our figures) the target it is held to.

/**
 * @param {string} id benchmark id (P1…P6)
 * @param {string} subject who was measured (backend-notifier, raw @slack/web-api, …)
 * @param {string} metric what was measured
 * @param {number | string | null} value the measured figure (null when not measured)
 * @param {{ unit?: string, digits?: number, target?: { op: '>=' | '<=' | '==', value: number }, note?: string }} [extra]
 */
export function row(id, subject, metric, value, extra = {}) {
  const r = { id, subject, metric, value, unit: extra.unit ?? '', digits: extra.digits };
  if (extra.target) {
    r.target = extra.target;
    r.pass = typeof value === 'number' && Number.isFinite(value) ? meets(value, extra.target) : false;
  }
  if (extra.note) r.note = extra.note;
  return r;
}

export function meets(value, { op, value: t }) {
  if (op === '>=') return value >= t;
  if (op === '<=') return value <= t;
  return value === t;
}

export function formatValue(value, digits) {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  const d = digits ?? (Number.isInteger(value) || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
