import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { curl } from './curl.js';
import { type NodeProcess, startNode } from './run-node.js';
import { expandWord, parseShellLine, type SimpleCommand, type Word } from './shell-line.js';
import { applyVolatileMap, matchTranscript, tidyOutput, type VolatileMap } from './transcript-match.js';

/** One `$ command` of a README console block and the output shown under it. */
export interface ConsoleStep {
  command: string;
  output: string;
  /** 1-based README line of the command. */
  line: number;
}

/** The `$ ` commands of a console block with their output; a command line ending in `\` continues. */
export function consoleSteps(code: string, firstLine = 1): ConsoleStep[] {
  const steps: ConsoleStep[] = [];
  const lines = code.replace(/\n$/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    if (!text.startsWith('$ ')) {
      const last = steps[steps.length - 1];
      if (!last) throw new Error(`README line ${firstLine + i}: output before any "$ " command`);
      last.output += `${text}\n`;
      continue;
    }
    let command = text.slice(2);
    const line = firstLine + i;
    while (command.endsWith('\\') && i + 1 < lines.length)
      command = `${command.slice(0, -1)} ${lines[++i]?.trim()}`;
    steps.push({ command, output: '', line });
  }
  return steps;
}

/** Options of a {@link ConsoleSession}. */
export interface ConsoleSessionOptions {
  /** Where `node <relative path>` resolves from, as the README's reader's shell would (the repository root). */
  cwd: string;
  /** Command names run as Node scripts, e.g. `{ 'backend-notifier': '/abs/packages/cli/dist/cli.js' }`. */
  bins?: Record<string, string>;
  /** A foreground command that has not ended by itself by then is a failure. @default 30_000 */
  timeoutMs?: number;
  /** How long a background job's or a Ctrl-C'd command's shown output may take to appear. @default 15_000 */
  outputTimeoutMs?: number;
}

/** How one command of the session ended. */
export interface CommandResult {
  line: number;
  command: string;
  code: number;
  /** Spawn to exit for a process, call to answer for curl. */
  durationMs: number;
}

type Ran = { code: number; stdout: string; stderr: string };
/** A running process and how much of its stdout earlier steps have shown. */
type Job = { proc: NodeProcess; offset: number };
const SIGNALS: Record<string, NodeJS.Signals> = { INT: 'SIGINT', TERM: 'SIGTERM', KILL: 'SIGKILL' };

/**
 * Replays README console blocks as a reader's shell would: `node` scripts and `bins` in child processes
 * that nothing else keeps alive, `curl` over HTTP, `echo`, `export`, `kill %N`, `wait %N`, jobs (`&`),
 * pipes from `echo`, `> file` (into {@link scratchDir}), and Ctrl-C (a `^C` output line sends SIGINT).
 * Each step's output must match what the README shows (see `matchTranscript`); a command that exits
 * non-zero must be followed by `echo $?` showing its code; a command that does not end by itself fails.
 */
export class ConsoleSession {
  readonly vars: Record<string, string> = { '?': '0' };
  readonly exported = new Set<string>();
  /** README values (ports, ts) → this run's values, learned from the outputs so far. */
  readonly volatile: VolatileMap = new Map();
  readonly results: CommandResult[] = [];
  /** `> file` writes here. */
  readonly scratchDir = mkdtempSync(join(tmpdir(), 'readme-session-'));
  private readonly jobs: Job[] = [];
  private unacknowledged: { line: number; code: number } | undefined;

  constructor(private readonly options: ConsoleSessionOptions) {}

  /** Runs every step of a console block (`firstLine` = README line of its first line). */
  async runBlock(code: string, firstLine: number): Promise<void> {
    for (const step of consoleSteps(code, firstLine)) await this.run(step);
  }

  async run(step: ConsoleStep): Promise<void> {
    const command = applyVolatileMap(step.command, this.volatile);
    const shown = /^echo \$\?\s*$/.test(step.command.trim());
    if (this.unacknowledged && !shown) {
      const { line, code } = this.unacknowledged;
      this.unacknowledged = undefined;
      throw new Error(
        `README line ${line}: exit code ${code}, but the README does not show it (add "$ echo $?")`,
      );
    }
    this.unacknowledged = undefined;
    const parsed = parseShellLine(command);
    let output = '';
    if (parsed.background) {
      const only = parsed.items.length === 1 ? parsed.items[0]?.pipeline : undefined;
      if (only?.length !== 1) throw new Error(`README line ${step.line}: only one command per job`);
      const job = { proc: this.spawn(only[0] as SimpleCommand, undefined, 10 * 60_000), offset: 0 };
      this.jobs.push(job);
      await this.waitForOutput(job, step, step.output);
      return;
    }
    const [before, after] = splitAtCtrlC(step.output);
    for (const { pipeline, andThen } of parsed.items) {
      const ran = await this.runPipeline(pipeline, step, after === undefined ? undefined : before);
      output += ran.stdout + ran.stderr;
      this.vars['?'] = String(ran.code);
      this.results.push({ line: step.line, command, code: ran.code, durationMs: ran.durationMs });
      if (andThen && ran.code !== 0) break;
    }
    const expected = after ?? step.output;
    this.expectOutput(step, expected, output);
    if (this.vars['?'] !== '0') this.unacknowledged = { line: step.line, code: Number(this.vars['?']) };
  }

  /** SIGKILLs jobs still running (a README that leaves one running should stop it with `kill %N`). */
  async close(): Promise<number> {
    let left = 0;
    for (const job of this.jobs) {
      if (job.proc.proc.exitCode === null && job.proc.proc.signalCode === null) {
        left++;
        job.proc.proc.kill('SIGKILL');
        await job.proc.exited;
      }
    }
    return left;
  }

  private expectOutput(step: ConsoleStep, expected: string, actual: string): void {
    const match = matchTranscript(expected, actual, this.volatile);
    if (!match.ok) {
      throw new Error(
        `README line ${step.line}: $ ${step.command}\n--- README shows ---\n${tidyOutput(expected)}--- the run printed ---\n${tidyOutput(actual)}`,
      );
    }
    for (const [k, v] of match.learned) this.volatile.set(k, v);
  }

  /** Waits until a running process has printed `expected` (since `job.offset`), then moves the offset. */
  private async waitForOutput(job: Job, step: ConsoleStep, expected: string): Promise<void> {
    const deadline = Date.now() + (this.options.outputTimeoutMs ?? 15_000);
    const text = () => job.proc.stdout().slice(job.offset);
    while (!matchTranscript(expected, text(), this.volatile).ok && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    this.expectOutput(step, expected, text());
    job.offset = job.proc.stdout().length;
  }

  private async runPipeline(
    pipeline: SimpleCommand[],
    step: ConsoleStep,
    untilCtrlC: string | undefined,
  ): Promise<Ran & { durationMs: number }> {
    const started = performance.now();
    let input: string | undefined;
    let stderr = '';
    let last: Ran = { code: 0, stdout: '', stderr: '' };
    for (const [i, cmd] of pipeline.entries()) {
      last = await this.runSimple(cmd, input, step, i === pipeline.length - 1 ? untilCtrlC : undefined);
      stderr += last.stderr;
      input = last.stdout;
    }
    return { code: last.code, stdout: last.stdout, stderr, durationMs: performance.now() - started };
  }

  private async runSimple(
    cmd: SimpleCommand,
    input: string | undefined,
    step: ConsoleStep,
    untilCtrlC: string | undefined,
  ): Promise<Ran> {
    const words = cmd.words.map((w) => this.expand(w));
    if (words.length === 0) {
      for (const a of cmd.assignments) this.vars[a.name] = this.expand(a.value);
      return { code: 0, stdout: '', stderr: '' };
    }
    let ran: Ran;
    const [name, ...args] = words as [string, ...string[]];
    if (name === 'echo') ran = { code: 0, stdout: `${args.join(' ')}\n`, stderr: '' };
    else if (name === 'export') {
      for (const a of args) {
        const eq = a.indexOf('=');
        const key = eq < 0 ? a : a.slice(0, eq);
        if (eq >= 0) this.vars[key] = a.slice(eq + 1);
        this.exported.add(key);
      }
      ran = { code: 0, stdout: '', stderr: '' };
    } else if (name === 'kill') ran = this.kill(args, step);
    else if (name === 'wait') ran = await this.wait(args, step);
    else if (name === 'curl') ran = { ...(await curl(args)), stderr: '' };
    else {
      const job: Job = { proc: this.spawn(cmd, input, this.options.timeoutMs ?? 30_000), offset: 0 };
      if (untilCtrlC !== undefined) {
        // What the terminal showed before the reader pressed Ctrl-C; the rest is compared by `run`.
        await this.waitForOutput(job, step, untilCtrlC);
        job.proc.proc.kill('SIGINT');
      }
      const run = await job.proc.exited;
      if (run.timedOut)
        throw new Error(`README line ${step.line}: "${words.join(' ')}" did not end by itself`);
      ran = { code: run.code ?? 128, stdout: run.stdout.slice(job.offset), stderr: run.stderr };
    }
    if (cmd.redirect) {
      writeFileSync(join(this.scratchDir, this.expand(cmd.redirect)), ran.stdout);
      ran = { ...ran, stdout: '' };
    }
    return ran;
  }

  private spawn(cmd: SimpleCommand, input: string | undefined, timeoutMs: number): NodeProcess {
    const [name, ...args] = cmd.words.map((w) => this.expand(w)) as [string, ...string[]];
    let file = this.options.bins?.[name];
    if (name === 'node') {
      const script = args.shift();
      if (!script || script.startsWith('-'))
        throw new Error(`node ${script}: only "node <file> args" is reproduced`);
      file = isAbsolute(script) ? script : resolve(this.options.cwd, script);
    }
    if (!file) throw new Error(`command "${name}" is not reproduced by ConsoleSession`);
    const env: Record<string, string | undefined> = {};
    // The reader's shell, not the test runner's: no Slack variables but the exported ones.
    for (const key of Object.keys(process.env)) if (key.startsWith('SLACK_')) env[key] = undefined;
    for (const key of this.exported) env[key] = this.vars[key];
    for (const a of cmd.assignments) env[a.name] = this.expand(a.value);
    return startNode({
      dir: this.options.cwd,
      source: `import ${JSON.stringify(file)};\n`,
      args,
      env,
      timeoutMs,
      ...(input === undefined ? {} : { input }),
    });
  }

  private job(args: string[], step: ConsoleStep): { n: number; proc: NodeProcess } {
    const spec = args.find((a) => a.startsWith('%')) ?? `%${this.jobs.length}`;
    const n = Number(spec.slice(1));
    const job = this.jobs[n - 1];
    if (!job) throw new Error(`README line ${step.line}: no job ${spec}`);
    return { n, proc: job.proc };
  }

  private kill(args: string[], step: ConsoleStep): Ran {
    const flag = args.find((a) => a.startsWith('-'));
    const signal = flag ? SIGNALS[flag.slice(1).replace(/^SIG/, '')] : 'SIGTERM';
    if (!signal) throw new Error(`README line ${step.line}: kill ${flag} is not reproduced`);
    this.job(args, step).proc.proc.kill(signal);
    return { code: 0, stdout: '', stderr: '' };
  }

  /** `wait %N`: the job must end by itself within `timeoutMs`; prints what it printed since its last step. */
  private async wait(args: string[], step: ConsoleStep): Promise<Ran> {
    const { n, proc } = this.job(args, step);
    const limit = this.options.timeoutMs ?? 30_000;
    const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), limit).unref());
    const run = await Promise.race([proc.exited, timer]);
    if (run === 'late') throw new Error(`README line ${step.line}: job %${n} did not end within ${limit} ms`);
    const offset = this.jobs[n - 1]?.offset ?? 0;
    const code = run.code ?? 128 + (run.signal === 'SIGINT' ? 2 : run.signal === 'SIGTERM' ? 15 : 9);
    return { code, stdout: run.stdout.slice(offset), stderr: run.stderr };
  }

  private expand(word: Word): string {
    return expandWord(word, this.vars);
  }
}

/** Splits a Ctrl-C'd command's output at its `^C` line: [before, after], or [all] without one. */
function splitAtCtrlC(output: string): [string, string | undefined] {
  const lines = output.split('\n');
  const at = lines.indexOf('^C');
  if (at < 0) return [output, undefined];
  return [`${lines.slice(0, at).join('\n')}\n`, lines.slice(at + 1).join('\n')];
}
