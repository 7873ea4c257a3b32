// P7's rows: what each script run left in Slack (the emulator's messages and request log) and how its
// process ended (exit code, timing from the script's own marks and the parent's 'exit' event).
import { median } from './measure.js';
import { row } from './rows.js';

const SUBJECT = {
  ours: 'backend-notifier',
  raw: 'raw @slack/web-api (defaults), fire and forget',
  hook: 'winston-slack-webhook-transport',
};
const fmtN = (n) => n.toLocaleString('en-US');
const dur = (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** Notifications found in Slack (distinct ids in text, blocks or attachments) and duplicates among them. */
function inSlack(messages) {
  const seen = new Map();
  for (const m of messages) {
    if (m.deleted) continue;
    const body = JSON.stringify([m.text, m.blocks, m.attachments]);
    for (const id of new Set([...body.matchAll(/p7 exit check #(\d+)/g)].map((x) => x[1])))
      seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  let duplicates = 0;
  for (const c of seen.values()) duplicates += c - 1;
  return { delivered: seen.size, duplicates, messages: messages.filter((m) => !m.deleted).length };
}

function outcomes(requests) {
  const by = {};
  for (const e of requests) by[e.outcome] = (by[e.outcome] ?? 0) + 1;
  return Object.entries(by)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}

/** How one run ended, measured from its `end-called` mark (ours: the close() call). */
function ending(r) {
  const { result } = r;
  const endAt = result.marks['end-called']?.at;
  const resolved = result.marks['close-resolved'];
  // A crash says why in its first error line ("NodeError: write after end").
  const crash = !result.code
    ? undefined
    : /unsettled top-level await/.test(result.stderr)
      ? 'unsettled top-level await'
      : /^\s*(\w*Error\b.*)$/m.exec(result.stderr)?.[1]?.slice(0, 80);
  const how = result.timedOut
    ? `still running ${endAt === undefined ? '' : `${dur(result.exitAt - endAt)} after its last call`}: killed`
    : result.code === null
      ? `ended by ${result.signal}`
      : `exit code ${result.code}, ${endAt === undefined ? 'before its last call' : `${dur(result.exitAt - endAt)} after its last call`}${crash ? ` (${crash})` : ''}`;
  return {
    how,
    endAt,
    resolved,
    logsAfter: resolved ? result.lines.filter((l) => l.at > resolved.at).length : 0,
    finish: result.marks.finish && endAt !== undefined ? result.marks.finish.at - endAt : undefined,
  };
}

/** The floor of "exit after": how soon a Node process is gone after its last statement, on this machine now. */
export function referenceRow(results) {
  const ok = results.filter((r) => !r.timedOut && r.marks['end-called'] && r.marks['exit-event']);
  const total = ok.map((r) => r.exitAt - r.marks['end-called'].at);
  const loop = ok.map((r) => r.marks['exit-event'].at - r.marks['end-called'].at);
  const teardown = ok.map((r) => r.exitAt - r.marks['exit-event'].at);
  return row('P7', 'reference', 'exit after the last statement of an empty script', median(total), {
    unit: 'ms',
    digits: 0,
    note: `median of ${ok.length} fresh processes (min ${Math.round(Math.min(...total))}, max ${Math.round(Math.max(...total))} ms): the loop let go after ${Math.round(median(loop))} ms, the process was gone ${Math.round(median(teardown))} ms later; the floor under "exit after close() resolved"`,
  });
}

/** Splits an exit into the loop letting go (the child's 'exit' event) and the teardown the parent saw. */
function exitSplit(result, fromAt) {
  const ev = result.marks['exit-event'];
  if (!ev || result.timedOut) return '';
  return `; the loop let go ${Math.round(ev.at - fromAt)} ms after close() resolved, the process was gone ${Math.round(result.exitAt - ev.at)} ms later`;
}

/** Two rows for backend-notifier in one Slack state and N. */
export function oursRows(r, rate) {
  const { n, state, closeMs, result } = r;
  const slack = inSlack(r.messages);
  const end = ending(r);
  const head = `${fmtN(n)} × notify, await close(${closeMs / 1000} s), Slack ${state}`;
  const d = end.resolved?.data;
  const account = d
    ? `close() returned ${d.all}; stats: ${d.accepted} accepted, ${d.delivered} delivered, ${d.pending} pending, ${d.dropped} dropped${
        Object.keys(d.droppedByReason ?? {}).length ? ` (${JSON.stringify(d.droppedByReason)})` : ''
      }; ${end.logsAfter} log lines after close() resolved`
    : 'close() never resolved';
  const posts = `${fmtN(slack.delivered)}/${fmtN(n)} in Slack in ${fmtN(slack.messages)} messages, ${slack.duplicates} duplicates; posts: ${outcomes(r.requests) || 'none'}`;
  if (state === 'healthy') {
    const toExit = end.endAt !== undefined && !result.timedOut ? result.exitAt - end.endAt : undefined;
    return [
      row('P7', SUBJECT.ours, `${head}: in Slack`, slack.delivered, {
        target: { op: '==', value: n },
        note: `${posts}; close() to exit ${toExit === undefined ? '-' : dur(toExit)}${n > 1 ? ` (${fmtN(n)} posts at ${rate}/s take ${dur(((n - 1) / rate) * 1000)} at the least)` : ''}`,
      }),
      row(
        'P7',
        SUBJECT.ours,
        `${head}: exit code`,
        result.timedOut ? 'killed' : (result.code ?? result.signal),
        {
          target: { op: '==', value: 0 },
          note: `${end.how}; ${account}`,
        },
      ),
    ];
  }
  const closeTook = end.resolved && end.endAt !== undefined ? end.resolved.at - end.endAt : undefined;
  const afterResolve = end.resolved ? result.exitAt - end.resolved.at : undefined;
  // Killed while still alive after close() resolved: the figure is a lower bound.
  const exitValue =
    afterResolve === undefined
      ? 'n/a'
      : result.timedOut
        ? `> ${fmtN(Math.round(afterResolve))}`
        : afterResolve;
  return [
    row('P7', SUBJECT.ours, `${head}: close() duration`, closeTook ?? 'never resolved', {
      unit: closeTook === undefined ? '' : 'ms',
      digits: 0,
      target: { op: '<=', value: closeMs + 250 },
      note: `${account}; ${posts}`,
    }),
    row('P7', SUBJECT.ours, `${head}: exit after close() resolved`, exitValue, {
      unit: afterResolve === undefined ? '' : 'ms',
      digits: 0,
      target: { op: '<=', value: 100 },
      note: `${end.how}${end.resolved ? exitSplit(result, end.resolved.at) : ''}`,
    }),
  ];
}

/** One row per alternative and Slack state: messages in Slack for every N, and how each process ended. */
export function alternativeRow(subject, state, counts, runs) {
  const byN = counts.map((n) => runs.find((r) => r.n === n));
  const found = byN.map((r) => inSlack(r.messages));
  const value = byN.map((r, i) => `${fmtN(found[i].delivered)}/${fmtN(r.n)}`).join(' · ');
  const notes = byN.map((r, i) => {
    const end = ending(r);
    const bits = [end.how];
    if (subject === 'hook')
      bits.push(end.finish === undefined ? `'finish' never fired` : `'finish' after ${dur(end.finish)}`);
    bits.push(`posts: ${outcomes(r.requests) || 'none'}`);
    if (found[i].duplicates) bits.push(`${found[i].duplicates} duplicates`);
    return `N=${fmtN(r.n)}: ${bits.join(', ')}`;
  });
  const watched = byN.map((r) => dur(r.watchMs)).join(' · ');
  return row('P7', SUBJECT[subject], `in Slack, N = ${counts.map(fmtN).join(' · ')}, Slack ${state}`, value, {
    note: `${notes.join('; ')}; watched ${watched} after the last call`,
  });
}
