// `pnpm bench`: runs every benchmark (one child process each, with a hard deadline), prints one table and
// writes results/latest.json. `node bench/run.js p1 p4 --quick` runs a subset, shorter (results go to
// results/partial.json, not latest.json).
import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { markdownTable, textTable } from './lib/table.js';

const BENCHMARKS = [
  { key: 'p1', file: 'p1-accept.js', title: 'P1 accept cost', deadlineMs: 100_000 },
  { key: 'p2', file: 'p2-pacing.js', title: 'P2 pacing', deadlineMs: 100_000 },
  { key: 'p3', file: 'p3-storm.js', title: 'P3 storm', deadlineMs: 150_000 },
  { key: 'p4', file: 'p4-request-path.js', title: 'P4 request path', deadlineMs: 150_000 },
  { key: 'p5', file: 'p5-scale-out.js', title: 'P5 scale-out', deadlineMs: 100_000 },
  { key: 'p6', file: 'p6-start.js', title: 'P6 start', deadlineMs: 60_000 },
  { key: 'p7', file: 'p7-exit.js', title: 'P7 exit', deadlineMs: 150_000 },
];
const TOTAL_DEADLINE_MS = 9.5 * 60_000;

const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const only = args.filter((a) => !a.startsWith('--')).map((a) => a.toLowerCase());
const selected = only.length ? BENCHMARKS.filter((b) => only.includes(b.key)) : BENCHMARKS;
const full = selected.length === BENCHMARKS.length && !quick;

const here = new URL('.', import.meta.url).pathname;
const started = Date.now();
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
} catch {}

console.log(
  `backend-notifier benchmarks: ${selected.map((b) => b.key).join(', ')}${quick ? ' (quick)' : ''}\n` +
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}\n`,
);

function runOne(bench) {
  const remaining = TOTAL_DEADLINE_MS - (Date.now() - started);
  const deadline = Math.max(5_000, Math.min(bench.deadlineMs, remaining));
  return new Promise((resolve) => {
    const t0 = Date.now();
    const pids = new Set();
    let rows;
    let error;
    const child = fork(
      new URL('./lib/run-one.js', import.meta.url).pathname,
      [bench.file, JSON.stringify({ quick })],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: ['--expose-gc'],
      },
    );
    child.on('message', (msg) => {
      if (msg?.type === 'spawned') pids.add(msg.pid);
      else if (msg?.type === 'rows') rows = msg.rows;
      else if (msg?.type === 'error') error = msg.error;
    });
    const timer = setTimeout(() => {
      error = `deadline of ${Math.round(deadline / 1000)} s reached: stopped`;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }, deadline);
    child.on('exit', () => {
      clearTimeout(timer);
      // Whatever the benchmark started and did not stop (emulator, app, replicas, redis-server).
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGCONT');
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
      const seconds = Math.round((Date.now() - t0) / 100) / 10;
      if (error || !rows) {
        console.error(`${bench.title}: FAILED after ${seconds} s\n${error ?? 'no rows'}`);
        resolve({
          seconds,
          rows: [
            {
              id: bench.key.toUpperCase(),
              subject: '-',
              metric: 'benchmark',
              value: 'failed',
              note: String(error ?? 'no rows').split('\n')[0],
            },
          ],
        });
      } else {
        console.log(`${bench.title}: ${seconds} s`);
        resolve({ seconds, rows });
      }
    });
  });
}

const results = {};
const allRows = [];
for (const bench of selected) {
  const { seconds, rows } = await runOne(bench);
  results[bench.key] = { title: bench.title, seconds, rows };
  allRows.push(...rows);
}

const table = textTable(allRows);
console.log(`\n${table}\n`);
const totalSeconds = Math.round((Date.now() - started) / 1000);
console.log(`total ${totalSeconds} s`);

const out = {
  date: new Date(started).toISOString(),
  commit,
  quick,
  machine,
  loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  totalSeconds,
  benchmarks: results,
  markdown: markdownTable(allRows),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = full ? 'latest.json' : 'partial.json';
writeFileSync(new URL(`./results/${file}`, import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote bench/results/${file}`);

// A full run also refreshes the table in bench/README.md (between the bench-table markers).
if (full) {
  const readme = new URL('./README.md', import.meta.url);
  try {
    const text = readFileSync(readme, 'utf8');
    const start = '<!-- bench-table:start -->';
    const end = '<!-- bench-table:end -->';
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a >= 0 && b > a) {
      const when = `${out.date.slice(0, 16).replace('T', ' ')} UTC, commit ${commit}`;
      const head = `Measured ${when} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGB} GB), Node ${machine.node}, load average at start ${machine.loadAverageAtStart.join(' ')}; the run took ${totalSeconds} s.`;
      writeFileSync(
        readme,
        `${text.slice(0, a + start.length)}\n${head}\n\n${out.markdown}\n${text.slice(b)}`,
      );
      console.log('updated the table in bench/README.md');
    }
  } catch {}
}
