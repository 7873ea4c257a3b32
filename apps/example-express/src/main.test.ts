import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('main.js (the built entry)', () => {
  it('without SLACK_BOT_TOKEN posts to an embedded emulator and flushes on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'example-express-main-'));
    const outbox = join(dir, 'outbox.sqlite');
    const env: Record<string, string | undefined> = { ...process.env, PORT: '0', OUTBOX_PATH: outbox };
    // Hermetic: a SLACK_* or REDIS_URL in the caller's environment would point the app elsewhere.
    for (const key of Object.keys(env)) if (key.startsWith('SLACK_') || key === 'REDIS_URL') delete env[key];
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!/posting to an embedded Slack emulator/.test(out) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const appUrl = /listening on (http:\/\/\S+\/)/.exec(out)?.[1];
    const emulatorUrl = /embedded Slack emulator, see (http:\/\/\S+\/)/.exec(out)?.[1];
    expect(appUrl, out).toBeDefined();
    expect(emulatorUrl, out).toBeDefined();

    expect((await fetch(new URL('boom', appUrl))).status).toBe(500);
    expect((await fetch(new URL('deploy', appUrl), { method: 'POST' })).status).toBe(202);
    child.kill('SIGTERM');
    // Before the emulator goes away with the process, both messages were flushed to it.
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM: closing the server and flushing Slack messages');
    expect(out).toMatch(/stopped: 2 delivered, 0 pending, 0 dropped, 0 dead-lettered/);
    // The durable outbox (SQLite) was used.
    expect(out).toContain(`outbox: ${outbox}`);
    expect(existsSync(outbox)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
