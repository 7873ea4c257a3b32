import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the built bin, as a user would (`pnpm test` builds first).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(args: string[]): Promise<{ child: ChildProcess; page: string; api: string; token: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no startup output: ${out}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const page = /page: (\S+)/.exec(out)?.[1];
      const api = /API URL \(slackApiUrl\): (\S+)/.exec(out)?.[1];
      const token = /Bot token: (\S+)/.exec(out)?.[1];
      if (page && api && token) {
        clearTimeout(timer);
        resolve({ child, page, api, token });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe('slack-emulator bin', () => {
  it('dist/cli.js starts with a node shebang', async () => {
    expect(existsSync(CLI)).toBe(true);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(CLI, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--port 0 prints the page URL, the API URL and the bot token; auth.test answers Slack’s shape', async () => {
    const { child, page, api, token } = await start(['--port', '0']);
    expect(page).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(api).toBe(`${page}api/`);
    expect(token).toMatch(/^xoxb-/);
    // What `curl -H "Authorization: Bearer $TOKEN" $API/auth.test` does.
    const res = await fetch(`${api}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await res.json()).toMatchObject({ ok: true, team_id: 'T0EMULATOR', user_id: 'U0EMULBOT' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--seed gives the same token twice; --no-rate-limits turns limits off', async () => {
    const a = await start(['--port', '0', '--seed', 'cli-seed', '--no-rate-limits']);
    const b = await start(['--port', '0', '--seed', 'cli-seed']);
    expect(a.token).toBe(b.token);
    const state = (await (await fetch(`${a.page}_emulator/state`)).json()) as {
      rateLimits: { enabled: boolean };
    };
    expect(state.rateLimits.enabled).toBe(false);
  });

  it('--allow-host adds a Host name the emulator answers; any other name stays refused', async () => {
    const { page } = await start(['--port', '0', '--allow-host', 'slack-emulator']);
    const port = new URL(page).port;
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          new URL('_emulator/faults', page),
          { headers: { host }, setHost: false },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await status(`slack-emulator:${port}`)).toBe(200);
    expect(await status(`evil.example:${port}`)).toBe(403);
  });

  it('--request-url and --signing-secret set the app; GET _emulator/app shows them with the app token', async () => {
    const { page } = await start([
      '--port',
      '0',
      '--request-url',
      'http://127.0.0.1:9/slack/interactions',
      '--signing-secret',
      'cli-secret',
    ]);
    const { app } = (await (await fetch(`${page}_emulator/app`)).json()) as { app: Record<string, unknown> };
    expect(app).toMatchObject({
      requestUrl: 'http://127.0.0.1:9/slack/interactions',
      signingSecret: 'cli-secret',
    });
    expect(String(app['appToken'])).toMatch(/^xapp-1-A0EMULATOR-/);
  });

  it('rejects a bad --port', async () => {
    const child = spawn(process.execPath, [CLI, '--port', 'x'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('invalid --port');
  });
});
