// Prints rows as a plain-text table (and as Markdown for the README).
import { formatValue } from './rows.js';

function cells(r) {
  const measured = `${formatValue(r.value, r.digits)}${r.unit ? ` ${r.unit}` : ''}`;
  const target = r.target
    ? `${r.target.op} ${formatValue(r.target.value, r.digits)}${r.unit ? ` ${r.unit}` : ''}`
    : '';
  const mark = r.target ? (r.pass ? '✓' : '✗') : '';
  return [r.id, r.subject, r.metric, measured, target, mark, r.note ?? ''];
}

const HEAD = ['', 'subject', 'metric', 'measured', 'target', '', 'note'];

export function textTable(rows) {
  const data = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...data.map((c) => [...c[i]].length)));
  const line = (c) =>
    c
      .map((v, i) => (i === 3 ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(data[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...data.slice(1).map(line)].join('\n');
}

export function markdownTable(rows) {
  const esc = (s) => s.replaceAll('|', '\\|');
  const out = [
    `| ${HEAD.map(esc).join(' | ')} |`,
    `|${HEAD.map((_, i) => (i === 3 ? ' ---: ' : ' --- ')).join('|')}|`,
  ];
  for (const r of rows) out.push(`| ${cells(r).map(esc).join(' | ')} |`);
  return out.join('\n');
}
