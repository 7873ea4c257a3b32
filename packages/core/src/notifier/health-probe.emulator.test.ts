/**
 * health() in bounded time (issue 10 point 4), with the real WebClient against the emulator: with Slack
 * hanging it answers within `healthTimeoutMs` (1 s by default), names the check that did not answer, and
 * never has more than one Slack look-up in flight however often it is called.
 */
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorNotifier, requests } from '../test-support/emulator-notifier.js';
import type { HealthReport } from '../types.js';

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'health-bound', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

const check = (report: HealthReport, name: string) => report.checks.find((c) => c.name === name);

describe('health() with Slack hanging', () => {
  it('answers within the default 1 s, reports membership as timeout, and shares one look-up', async () => {
    // The Slack client's own timeout is far longer than health's bound: only health's bound can end the wait.
    const { notifier } = emulatorNotifier(emu, { channel: 'health-hang', timeoutMs: 10_000 });
    await notifier.start();
    const healthy = await notifier.health();
    expect(healthy.status).toBe('ok');
    const before = requests(emu, 'conversations.members').length;
    emu.control.addFault({ method: 'conversations.members', action: { type: 'hang' } });

    const started = performance.now();
    const reports = await Promise.all([notifier.health(), notifier.health(), notifier.health()]);
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(990);
    expect(tookMs).toBeLessThan(1250);
    // Concurrent calls share one run.
    expect(reports[1]).toBe(reports[0]);
    expect(reports[2]).toBe(reports[0]);
    const report = reports[0] as HealthReport;
    expect(report.status).toBe('degraded');
    expect(check(report, 'membership')).toEqual({
      name: 'membership',
      status: 'degraded',
      detail: '#health-hang: Slack did not answer within 1000 ms',
      value: 'timeout',
    });
    // What needs no Slack call is still reported.
    expect(check(report, 'auth')?.status).toBe('ok');
    expect(check(report, 'queue')?.status).toBe('ok');

    // The hanging look-up is still in flight: the next call waits on it instead of sending another.
    const again = performance.now();
    const second = await notifier.health();
    expect(performance.now() - again).toBeLessThan(1250);
    expect(check(second, 'membership')?.value).toBe('timeout');
    expect(requests(emu, 'conversations.members').length - before).toBe(1);

    emu.control.clearFaults();
    const closing = performance.now();
    await notifier.close(500);
    // close() aborts the hanging look-up (its deadline is its own, not the Slack timeout of 10 s).
    expect(performance.now() - closing).toBeLessThan(500 + 250);
    console.log(`health() with Slack hanging: ${Math.round(tookMs)} ms (3 concurrent calls, 1 look-up)`);
  });

  it('healthTimeoutMs sets the bound', async () => {
    const { notifier } = emulatorNotifier(emu, {
      channel: 'health-hang-300',
      timeoutMs: 10_000,
      healthTimeoutMs: 300,
    });
    await notifier.start();
    emu.control.addFault({ method: 'conversations.members', action: { type: 'hang' } });
    const started = performance.now();
    const report = await notifier.health();
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(550);
    expect(check(report, 'membership')?.detail).toBe('#health-hang-300: Slack did not answer within 300 ms');
    emu.control.clearFaults();
    await notifier.close(200);
  });
});
