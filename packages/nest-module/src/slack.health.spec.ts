import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createNotifier, type HealthReport, type Notifier } from '@backend-notifier/core';
import { DEFAULT_BOT_SCOPES, type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { nestUnderTest } from '@backend-notifier/test-support';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendNotifierModule } from './backend-notifier.module.js';
import { SlackHealthIndicator } from './slack.health.js';
import { boot, emulatorOptions, scriptedHealth } from './test-support/nest-harness.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** terminus 12 has a `degraded` status, terminus 11 only up and down (nest-version.spec.ts checks which runs). */
const terminusMajor = nestUnderTest(packageDir).packages['@nestjs/terminus']?.major;

@Controller('health')
class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(SlackHealthIndicator) private readonly slack: SlackHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.slack.isHealthy('slack')]);
  }
}

let emu: SlackEmulator;
const notifiers: Notifier[] = [];
beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
});
afterAll(async () => {
  await Promise.all(notifiers.map((n) => n.close(500)));
  await emu.close();
});

async function healthOf(notifier: Notifier | ReturnType<typeof emulatorOptions>, startOnInit = true) {
  const booted = await boot({
    imports: [
      TerminusModule,
      BackendNotifierModule.forRoot({ notifier, reportExceptions: false, startOnInit }),
    ],
    controllers: [HealthController],
  });
  try {
    const res = await fetch(`${booted.url}/health`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } finally {
    await booted.close();
  }
}

function scripted(report: HealthReport | Error): Notifier {
  const base = createNotifier({ ...emulatorOptions(emu, 'nest-health-scripted'), autoStart: false });
  notifiers.push(base);
  return scriptedHealth(base, async () => {
    if (report instanceof Error) throw report;
    return report;
  });
}

describe('SlackHealthIndicator', () => {
  it('is up for a started notifier against the emulator, with its checks attached', async () => {
    const { status, body } = await healthOf(emulatorOptions(emu, 'nest-health'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', info: { slack: { status: 'up' } } });
    const checks = (body['info'] as { slack: { checks: Record<string, string> } }).slack.checks;
    expect(Object.keys(checks)).toContain('auth');
    expect(JSON.stringify(body)).not.toContain(emu.botToken);
  });

  it(`is degraded (HTTP 200) when the notifier is degraded (terminus ${terminusMajor})`, async () => {
    const { status, body } = await healthOf(
      scripted({
        status: 'degraded',
        checks: [{ name: 'queue', status: 'degraded', detail: 'backlog 900' }],
      }),
    );
    expect(status).toBe(200);
    const checks = { queue: 'degraded: backlog 900' };
    expect(body).toMatchObject(
      terminusMajor === 11
        ? { status: 'ok', info: { slack: { status: 'up', degraded: true, checks } } }
        : { status: 'degraded', info: { slack: { status: 'degraded', checks } } },
    );
  });

  it('is down (HTTP 503) when the notifier is down or its health check fails', async () => {
    const down = await healthOf(
      scripted({ status: 'down', checks: [{ name: 'auth', status: 'down', detail: 'token_revoked' }] }),
    );
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { slack: { status: 'down', checks: { auth: 'down: token_revoked' } } },
    });
    const failing = await healthOf(scripted(new Error('secret internals')));
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({
      error: { slack: { status: 'down', message: 'health check failed' } },
    });
    expect(JSON.stringify(failing.body)).not.toContain('secret internals');
  });

  it('is down for a notifier whose token Slack revoked', async () => {
    const token = emu.control.createToken({ scopes: [...DEFAULT_BOT_SCOPES] });
    const notifier = createNotifier({
      ...emulatorOptions(emu, 'nest-health-revoked'),
      token,
      autoStart: false,
    });
    notifiers.push(notifier);
    await notifier.start();
    emu.control.revokeToken(token);
    // A send meets the revoked token: the circuit opens and health turns down (the message is kept).
    notifier.notify('after revocation');
    await expect.poll(async () => (await notifier.health()).status, { timeout: 10_000 }).toBe('down');
    const { status, body } = await healthOf(notifier, false);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'error', error: { slack: { status: 'down' } } });
    expect(JSON.stringify(body)).not.toContain(token);
  });
});
