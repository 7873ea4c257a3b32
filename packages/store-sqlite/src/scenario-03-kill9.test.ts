import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectDb, type RunningChild, seededRandom, startChild } from './test-support/child-process.js';

// Scenario 3 (SCENARIOS.md): kill -9 during sends, SQLite backend. 25 runs on one outbox file; each run a
// producer process enqueues PER_RUN messages (5,000 over the 25 runs; the scenario's 5,000 per run would
// take ~25 min here, since a loaded machine answers ~30 posts/s per channel) and is SIGKILLed at a seeded
// random moment, rotating through three kinds of moment; a restarted process then drains. Criteria: every
// acknowledged id is in the emulator, duplicates per kill ≤ sends in flight (≤ 1 per channel),
// integrity_check ok after every kill and every recovery, recovery drains without help.
const RUNS = 25;
const PER_RUN = 200;
const CHANNELS = ['s3-a', 's3-b', 's3-c'];
const SEED = Number(process.env.S3_SEED ?? 0x5eed3);
const ID = /msg (r\d+-\d+)/;

type Moment = 'during_enqueue' | 'during_http_request' | 'after_slack_stored_before_commit';
const MOMENTS: Moment[] = ['during_enqueue', 'during_http_request', 'after_slack_stored_before_commit'];

let emu: SlackEmulator;
let dir: string;
beforeAll(async () => {
  if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
    throw new Error('build @backend-notifier/store-sqlite first (pnpm --filter @backend-notifier/store-sqlite build)');
  }
  emu = await startSlackEmulator({ port: 0, rateLimits: { enabled: false } });
  dir = mkdtempSync(join(tmpdir(), 'scenario-03-'));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** How many times each run id was posted, over all channels. */
function postedCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const channel of CHANNELS) {
    for (const message of emu.control.messages(channel)) {
      const id = ID.exec(message.text ?? '')?.[1];
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

function producer(dbPath: string, mode: 'produce' | 'recover', runId: string): RunningChild {
  const config = { dbPath, apiUrl: emu.apiUrl, token: emu.botToken, mode, count: PER_RUN, runId, channels: CHANNELS };
  return startChild('producer.mjs', { PRODUCER_CONFIG: JSON.stringify(config) });
}

/** Arms the kill for one run; resolves with when it fired (epoch ms) and whether enqueueing had finished. */
function armKill(child: RunningChild, moment: Moment, random: () => number) {
  let killedAt = 0;
  const kill = () => {
    if (killedAt !== 0) return;
    killedAt = Date.now();
    child.proc.kill('SIGKILL');
  };
  const acked = () => child.lines.filter((l) => l.startsWith('ACK ')).length;
  let off = () => {};
  if (moment === 'during_enqueue') {
    const target = 1 + Math.floor(random() * PER_RUN * 0.8);
    child.onLine(() => {
      if (acked() >= target) kill();
    });
  } else if (moment === 'during_http_request') {
    // Each post waits 25 ms inside the emulator before it is handled, so a kill lands mid-request.
    const fault = emu.control.addFault({ method: 'chat.postMessage', action: { type: 'delay', ms: 25 } });
    const after = Math.floor(random() * 600);
    const onChange = (event: { type: string }) => {
      if (event.type !== 'message') return;
      emu.control.events.off('change', onChange);
      setTimeout(kill, after);
    };
    emu.control.events.on('change', onChange);
    off = () => {
      emu.control.events.off('change', onChange);
      emu.control.removeFault(fault);
    };
  } else {
    // Slack stores the message and answers late (hang): the kill comes while the row is still in flight.
    const nth = 1 + Math.floor(random() * (PER_RUN - 2));
    let seen = 0;
    let fault: string | undefined;
    const onChange = (event: { type: string }) => {
      if (event.type !== 'message') return;
      seen++;
      if (seen === nth - 1 || (nth === 1 && fault === undefined)) {
        fault = emu.control.addFault({ method: 'chat.postMessage', action: { type: 'hang', ms: 1500 } });
      }
      if (seen >= nth && fault !== undefined) kill();
    };
    emu.control.events.on('change', onChange);
    off = () => {
      emu.control.events.off('change', onChange);
      if (fault !== undefined) emu.control.removeFault(fault);
    };
  }
  return {
    done: child.exited.then(() => {
      off();
      // The child prints ENQUEUED after its last notify(); stdout is a pipe, so what it wrote before the kill arrives.
      return { killedAt, enqueued: child.lines.includes('ENQUEUED') };
    }),
  };
}

describe('scenario 3: kill -9 during sends (SQLite outbox)', () => {
  it(`loses no acknowledged message over ${RUNS} kills, with bounded duplicates and a sound file`, async () => {
    const random = seededRandom(SEED);
    const dbPath = join(dir, 'outbox.db');
    const report: string[] = [];
    let totalAcked = 0;
    let totalDuplicates = 0;
    for (let run = 0; run < RUNS; run++) {
      const runId = `r${run}`;
      const moment = MOMENTS[run % MOMENTS.length] as Moment;
      const child = producer(dbPath, 'produce', runId);
      const { done } = armKill(child, moment, random);
      const { killedAt, enqueued } = await done;
      const exit = await child.exited;
      expect(exit, `run ${run} (${moment}): the producer must be killed, stderr: ${child.stderr()}`).toBe('SIGKILL');
      expect(killedAt).toBeGreaterThan(0);
      if (moment === 'during_enqueue') expect(enqueued, `run ${run}: killed after enqueueing ended`).toBe(false);
      const acked = child.lines.filter((l) => l.startsWith('ACK ')).map((l) => l.slice(4));
      const afterKill = inspectDb(dbPath);
      expect(afterKill.integrity, `run ${run}: integrity after the kill`).toBe('ok');
      const inFlightAtKill = afterKill.states.in_flight ?? 0;
      expect(inFlightAtKill).toBeLessThanOrEqual(CHANNELS.length);

      const recovery = producer(dbPath, 'recover', runId);
      const code = await recovery.exited;
      expect(code, `run ${run}: recovery must drain and exit 0, stderr: ${recovery.stderr()}`).toBe(0);
      expect(recovery.lines).toContain('DRAINED');
      const afterRecovery = inspectDb(dbPath);
      expect(afterRecovery.integrity).toBe('ok');
      expect(afterRecovery.states.waiting ?? 0).toBe(0);
      expect(afterRecovery.states.in_flight ?? 0).toBe(0);

      const posted = postedCounts();
      const lost = acked.filter((id) => !posted.has(id));
      expect(lost, `run ${run} (${moment}): acknowledged ids missing from Slack`).toEqual([]);
      let duplicates = 0;
      for (const [id, n] of posted) if (id.startsWith(`${runId}-`) && n > 1) duplicates += n - 1;
      expect(duplicates, `run ${run}: duplicates exceed the sends in flight at the kill`).toBeLessThanOrEqual(
        inFlightAtKill,
      );
      totalAcked += acked.length;
      totalDuplicates += duplicates;
      report.push(
        `run ${run} ${moment}: acked ${acked.length}, in flight at kill ${inFlightAtKill}, duplicates ${duplicates}`,
      );
    }
    console.log(
      `scenario 3: ${RUNS} kills, ${totalAcked} acknowledged, 0 lost, ${totalDuplicates} duplicates\n${report.join('\n')}`,
    );
    expect(totalAcked).toBeGreaterThan(0);
  }, 600_000);
});
