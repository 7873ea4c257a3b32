/**
 * The README's examples (the seed's three uses: a basic notification, a rich deployment status with
 * attachments, a health check; and reporting an uncaught exception before exiting) are real files under
 * `examples/`: this test checks that the README embeds
 * exactly that code, typechecks it with tsc, and runs each one as a user would: its types stripped, as a
 * file of its own in a child Node process that nothing else keeps alive (importing the built package),
 * against an emulator in another process. Each run asserts the exit code, what the script printed, that it
 * ended by itself, and exactly which messages Slack holds.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EmulatorProcess,
  type NodeRun,
  runNode,
  startEmulatorProcess,
  transpileSnippet,
  typecheck,
} from '@backend-notifier/test-support';
import { afterEach, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = [
  'basic-notification.ts',
  'deployment-status.ts',
  'health-check.ts',
  'uncaught-exception.ts',
];
let emu: EmulatorProcess | undefined;

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** Runs `examples/<file>` as an ESM script in a child process, against a fresh emulator process (Slack's own rates). */
async function runExample(file: string): Promise<NodeRun> {
  emu = await startEmulatorProcess({ seed: `readme-${file}` });
  const source = transpileSnippet(readFileSync(join(packageDir, 'examples', file), 'utf8'), 'esm');
  return runNode({
    dir: packageDir,
    source,
    env: { SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
    timeoutMs: 30_000,
  });
}

/** The texts of the top-level messages of every channel that has any, by channel name. */
async function slackHolds(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const channel of (await emu?.control.channels()) ?? []) {
    const messages = (await emu?.control.messages(channel.id)) ?? [];
    if (messages.length > 0) out[channel.name] = messages.map((m) => m.text ?? '');
  }
  return out;
}

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
    expect(await typecheck(join(packageDir, 'examples', 'tsconfig.json'))).toBe('');
  }, 120_000);

  it('basic notification: posts to #alerts, prints the permalink, exits 0 by itself', async () => {
    const run = await runExample('basic-notification.ts');
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^posted: https:\/\/emulated\.slack\.com\/archives\/C\w+\/p\d+\n$/);
    expect(await slackHolds()).toEqual({ alerts: ['🟢 Nightly backup finished: 42 GB in 3 min'] });
  }, 60_000);

  it('deployment status: both attachments posted to #deployments, exits 0 by itself', async () => {
    const run = await runExample('deployment-status.ts');
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('deployment status posted 2\n');
    const holds = await slackHolds();
    expect(Object.keys(holds)).toEqual(['deployments']);
    expect(holds.deployments).toHaveLength(2);
    expect(holds.deployments?.[1]).toBe('🟢 Canary at 10 %');
    const messages = (await emu?.control.messages('deployments')) ?? [];
    const json = JSON.stringify(messages[0]);
    for (const part of ['checkout-api', '2.14.0', 'production', 'release-bot', 'eu-west-1', 'a1b2c3d']) {
      expect(json).toContain(part);
    }
    expect(messages[0]?.attachments?.length).toBeGreaterThan(0);
    expect(messages[1]?.attachments).toMatchObject([
      { color: 'warning', fields: [{ title: 'Error rate' }, { title: 'p99 latency' }] },
    ]);
  }, 60_000);

  it('health check: prints an ok report (membership by user id), posts nothing, exits 0 by itself', async () => {
    const run = await runExample('health-check.ts');
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('health: ok');
    for (const name of [
      'auth',
      'channel',
      'membership',
      'queue',
      'oldest_pending',
      'last_success',
      'circuit',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ok\\s+${name}`, 'm'));
    }
    expect(lines).toHaveLength(8);
    expect(await slackHolds()).toEqual({});
  }, 60_000);

  it('uncaught exception: reported and closed before exiting, exit code 1, both messages in Slack', async () => {
    const run = await runExample('uncaught-exception.ts');
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
    const messages = (await emu?.control.messages('alerts')) ?? [];
    expect(Object.keys(await slackHolds())).toEqual(['alerts']);
    expect(messages).toHaveLength(2);
    const texts = messages.map((m) => JSON.stringify(m));
    const crash = texts.find((t) => t.includes('Nightly import crashed')) ?? '';
    expect(crash).toContain('import failed: disk full');
    expect(crash).toContain('at Timeout._onTimeout'); // its stack, in a code block
    expect(messages.map((m) => m.text)).toContain('⚪ Nightly import started');
  }, 60_000);
});
