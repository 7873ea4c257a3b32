/**
 * close() at its deadline with Slack hanging: the post in flight when it aborts Slack has an unknown
 * outcome (the emulator's `hang` stores the message, as Slack may, and never answers), so it is counted as
 * dropped `aborted_in_flight`, not `closed`; the posts never sent are `closed` (memory outbox) or kept
 * (durable store); the one warning says how many were in flight. Scripts in child processes that nothing
 * else keeps alive, against an emulator in another process, counted from the Slack side.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countIds,
  type EmulatorProcess,
  runNode,
  startEmulatorProcess,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exitScript } from './test-support/exit-script.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let emu: EmulatorProcess;
let tmp: string;

beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'close-in-flight', rateLimits: false });
  tmp = mkdtempSync(join(tmpdir(), 'close-in-flight-'));
}, 30_000);
afterAll(async () => {
  await emu?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Stats {
  accepted: number;
  delivered: number;
  pending: number;
  dropped: number;
  deadLettered: number;
  grouped: number;
  droppedByReason: Record<string, number>;
}

async function closeWithSlackHanging(tag: string, durableFile?: string) {
  await emu.control.addFault({ method: 'chat.postMessage', channel: tag, action: { type: 'hang' } });
  const run = await runNode({
    dir: packageDir,
    source: exitScript({
      kind: 'esm',
      ending: 'close',
      n: 3,
      tag,
      closeMs: 1000,
      ...(durableFile ? { durableFile } : {}),
    }),
    env: { SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
    timeoutMs: 20_000,
  });
  expect(run.timedOut).toBe(false);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  const resolved = lines.find((l) => l.startsWith('close-resolved ')) ?? '';
  const called = Number(lines.find((l) => l.startsWith('close-called '))?.split(' ')[1]);
  const [, at, ...json] = resolved.split(' ');
  const { ok, stats } = JSON.parse(json.join(' ')) as { ok: boolean; stats: Stats };
  expect(ok).toBe(false);
  expect(Number(at) - called).toBeLessThanOrEqual(1250);
  // Nothing after close() resolved.
  expect(lines.at(-1)).toBe(resolved);
  const slack = countIds(await emu.control.messages(tag), new RegExp(`${tag}-(\\d+)`));
  return { lines, stats, slack };
}

it('memory outbox: the aborted post counts as aborted_in_flight (Slack has it), the 2 never sent as closed', async () => {
  const tag = 'cif-memory';
  const { lines, stats, slack } = await closeWithSlackHanging(tag);
  // Slack holds the one post that was in flight.
  expect([...slack.entries()]).toEqual([['0', 1]]);
  expect(stats).toMatchObject({ accepted: 3, delivered: 0, pending: 0, dropped: 3 });
  expect(stats.droppedByReason).toEqual({ closed: 2, aborted_in_flight: 1 });
  expect(stats.accepted).toBe(
    stats.delivered + stats.pending + stats.deadLettered + stats.dropped + stats.grouped,
  );
  expect(lines.filter((l) => l.startsWith('log '))).toEqual([
    'log warn 3 message(s) not delivered before the notifier closed; dropped; 1 of them was in flight (sent, ' +
      'no answer from Slack), its outcome unknown (Slack may have stored it) ' +
      '{"dropped":3,"reason":"closed","abortedInFlight":1,"source":"backend-notifier"}',
  ]);
}, 30_000);

it('durable store: all 3 kept for the next start, none dropped; the warning says 1 was in flight', async () => {
  const tag = 'cif-durable';
  const durableFile = join(tmp, `${tag}.json`);
  const { lines, stats, slack } = await closeWithSlackHanging(tag, durableFile);
  expect([...slack.entries()]).toEqual([['0', 1]]);
  expect(stats).toMatchObject({ accepted: 3, delivered: 0, pending: 3, dropped: 0 });
  expect(stats.droppedByReason).toEqual({});
  // The store still has all three (the aborted one marked ambiguous: the next start looks it up first).
  const left = JSON.parse(readFileSync(durableFile, 'utf8')) as string[];
  expect(left.sort()).toEqual([`${tag}-0`, `${tag}-1`, `${tag}-2`]);
  expect(lines.filter((l) => l.startsWith('log '))).toEqual([
    'log warn 3 message(s) not delivered yet; kept in the store for the next start; 1 of them was in flight (sent, ' +
      'no answer from Slack), its outcome unknown (the next start looks it up in the channel ' +
      'history before posting it again) {"kept":3,"abortedInFlight":1,"source":"backend-notifier"}',
  ]);
}, 30_000);
