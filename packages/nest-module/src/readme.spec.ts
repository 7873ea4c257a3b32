/**
 * The README's code, as a user copies it: every TypeScript block is a file of `examples/` embedded verbatim,
 * type-checked with tsc, and the four together run as an app in a child Node process (types stripped, no
 * decorator metadata) against an emulator in another process. Runs the built package (`pnpm test` builds first).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EmulatorProcess,
  freePort,
  nestUnderTest,
  readmeSnippets,
  startEmulatorProcess,
  startNode,
  transpileSnippet,
  typecheck,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const snippets = readmeSnippets(join(packageDir, 'README.md'));
/** The terminus the app in the child process loads (nest-version.spec.ts checks that it does). */
const terminusMajor = nestUnderTest(packageDir).packages['@nestjs/terminus']?.major;
const EXAMPLES = ['app.module.ts', 'deploy.service.ts', 'health.controller.ts', 'main.ts'];

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'nest-readme' });
});
afterAll(async () => {
  await emu?.close();
});

/** The examples, types stripped, as `.js` files in a folder of the package (bare imports resolve from it). */
function writeApp(): string {
  const folder = join(packageDir, '.test-scripts', `readme-app-${process.pid}`);
  mkdirSync(folder, { recursive: true });
  for (const file of EXAMPLES) {
    const source = readFileSync(join(packageDir, 'examples', file), 'utf8');
    writeFileSync(join(folder, file.replace(/\.ts$/, '.js')), transpileSnippet(source));
  }
  return folder;
}

async function startApp() {
  const folder = writeApp();
  const port = await freePort();
  const child = startNode({
    dir: packageDir,
    source: `import ${JSON.stringify(join(folder, 'main.js'))};\n`,
    env: { PORT: String(port), SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
  });
  await child.waitForLine(/Nest application successfully started/, 20_000);
  return { child, url: `http://127.0.0.1:${port}`, folder };
}

describe('README', () => {
  it('every TypeScript block is an example file, embedded verbatim; the other block is the install line', () => {
    const ts = snippets.filter((s) => s.lang === 'ts');
    expect(ts.map((s) => s.example)).toEqual(EXAMPLES.map((f) => `examples/${f}`));
    for (const s of ts) expect(s.code).toBe(readFileSync(join(packageDir, s.example ?? ''), 'utf8'));
    const other = snippets.filter((s) => s.lang !== 'ts');
    expect(other.map((s) => s.lang)).toEqual(['sh']);
    const imported = new Set(
      ts.flatMap((s) => [...s.code.matchAll(/from '(@[^/']+\/[^/']+|[^.'][^/']*)'/g)].map((m) => m[1])),
    );
    for (const name of imported) expect(other[0]?.code).toContain(` ${name}`);
  });

  it('the examples type-check', async () => {
    expect(await typecheck(join(packageDir, 'examples', 'tsconfig.json'))).toBe('');
  }, 120_000);

  it('the app runs: the announcement in Slack, /health up, SIGTERM ends it with everything delivered', async () => {
    const { child, url, folder } = await startApp();
    try {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { status: string; info: { slack: { status: string } } };
      expect(body.status).toBe('ok');
      expect(body.info.slack.status).toBe('up');
      const signalledAt = Date.now();
      child.proc.kill('SIGTERM');
      const result = await child.exited;
      const tookMs = Date.now() - signalledAt;
      expect(result.timedOut).toBe(false);
      expect(result.signal, result.stderr).toBe('SIGTERM');
      // shutdownTimeoutMs (5000) + 1 s, scenario 5's bound for the whole process.
      expect(tookMs).toBeLessThanOrEqual(6000);
      const messages = await emu.control.messages('alerts');
      expect(messages.map((m) => m.text)).toEqual(['⚪ v1.4.2 is live']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('Slack hanging: GET /health answers within 1.5 s (degraded, the check that timed out named)', async () => {
    const before = (await emu.control.messages('alerts')).length;
    const { child, url, folder } = await startApp();
    try {
      // The announcement first, so that only health's own look-ups meet the hang.
      for (let i = 0; i < 100 && (await emu.control.messages('alerts')).length === before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await emu.control.addFault({ method: '*', action: { type: 'hang' } });
      const started = Date.now();
      const health = await fetch(`${url}/health`);
      const tookMs = Date.now() - started;
      const body = (await health.json()) as { status: string; info?: Record<string, unknown> };
      expect(tookMs).toBeLessThan(1500);
      expect(health.status).toBe(200);
      // terminus 11 has no degraded status: there the indicator is up and says `degraded: true`.
      if (terminusMajor === 11)
        expect(body).toMatchObject({ status: 'ok', info: { slack: { degraded: true } } });
      else expect(body.status).toBe('degraded');
      expect(JSON.stringify(body)).toContain('did not answer within 1000 ms');
      await emu.control.clearFaults();
      child.proc.kill('SIGTERM');
      const result = await child.exited;
      expect(result.timedOut).toBe(false);
      expect(result.signal, result.stderr).toBe('SIGTERM');
      console.log(`nest README app, Slack hanging: GET /health answered in ${tookMs} ms (${body.status})`);
    } finally {
      await emu.control.clearFaults();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
