/**
 * The README's three examples (the seed's uses: a basic notification, a rich deployment status with
 * attachments, a health check) are real files under `examples/`: this test typechecks them with tsc, runs
 * each against the emulator, and checks that the README embeds exactly the same code.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = ['basic-notification.ts', 'deployment-status.ts', 'health-check.ts'];
let emu: SlackEmulator;
let logs: string[] = [];

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'readme', rateLimits: { scale: 20 } });
  process.env.SLACK_BOT_TOKEN = emu.botToken;
  process.env.SLACK_API_URL = emu.apiUrl;
});
afterAll(async () => {
  delete process.env.SLACK_BOT_TOKEN;
  delete process.env.SLACK_API_URL;
  await emu?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
  logs = [];
});

const captureConsole = () =>
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.join(' '));
  });

describe('README examples', () => {
  it('embeds each example file verbatim', () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    for (const file of EXAMPLES) {
      const code = readFileSync(join(packageDir, 'examples', file), 'utf8');
      const block = new RegExp(`<!-- example: examples/${file} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(
        readme,
      );
      expect(block, `README block for ${file}`).not.toBeNull();
      expect(block?.[1]).toBe(code);
    }
  });

  it('typecheck with tsc', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = promisify(execFile);
    const result = await run(process.execPath, [
      tsc,
      '-p',
      join(packageDir, 'examples', 'tsconfig.json'),
    ]).then(
      () => 'ok',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe('ok');
  }, 120_000);

  it('basic notification: posts to #alerts and prints the permalink', async () => {
    captureConsole();
    await import('../examples/basic-notification.js');
    expect(logs.join('\n')).toMatch(/^posted: https:\/\/.+\/archives\/C/);
    expect(emu.control.messages('alerts').at(-1)?.text).toContain('Nightly backup finished');
  });

  it('deployment status: posts the coloured deployment attachment and the legacy attachment', async () => {
    captureConsole();
    await import('../examples/deployment-status.js');
    expect(logs.join('\n')).toBe('deployment status posted 2');
    const messages = emu.control.messages('deployments');
    expect(messages).toHaveLength(2);
    const json = JSON.stringify(messages);
    expect(json).toContain('checkout-api');
    expect(json).toContain('2.14.0');
    expect(messages[1]?.attachments).toMatchObject([
      { color: 'warning', fields: [{ title: 'Error rate' }, { title: 'p99 latency' }] },
    ]);
    expect(messages[0]?.attachments?.length).toBeGreaterThan(0);
  });

  it('health check: prints an ok report with membership checked by user id', async () => {
    captureConsole();
    await import('../examples/health-check.js');
    expect(logs[0]).toBe('health: ok');
    const out = logs.join('\n');
    for (const name of [
      'auth',
      'channel',
      'membership',
      'queue',
      'oldest_pending',
      'last_success',
      'circuit',
    ]) {
      expect(out).toMatch(new RegExp(`ok\\s+${name}`));
    }
  });
});
