import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { MANIFEST_BOT_SCOPES } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { type NodeProcess, type NodeRun, runNodeFile, startNodeFile } from '@backend-notifier/test-support';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI_PATH } from './test-support/cli-path.js';

// The default bot token of this emulator is the canary: no command may ever print it.
const CANARY = 'xoxb-CANARY-4242-cli-never-prints-this';
let emu: SlackEmulator;
const runs: NodeRun[] = [];

async function cli(
  args: string[],
  opts: { token?: string; input?: string; env?: Record<string, string> } = {},
) {
  // The built bin in a child process, with none of the parent's SLACK_* variables; stdin closed after input.
  const run = await runNodeFile(CLI_PATH, {
    args,
    unsetEnv: /^SLACK_/,
    env: { SLACK_BOT_TOKEN: opts.token ?? CANARY, SLACK_API_URL: emu.apiUrl, ...opts.env },
    input: opts.input ?? '',
    timeoutMs: 20_000,
  });
  expect(run.timedOut, `${args.join(' ')} did not end within 20 s`).toBe(false);
  runs.push(run);
  return run;
}

beforeAll(async () => {
  emu = await startSlackEmulator({
    port: 0,
    workspace: { botToken: CANARY },
    // Doctor lists channels (Tier 2, 20/min): scaled up so a file full of runs is not rate limited.
    rateLimits: { scale: 20 },
  });
});

afterEach(() => {
  for (const run of runs) {
    expect(run.stdout).not.toContain('CANARY');
    expect(run.stderr).not.toContain('CANARY');
  }
});

afterAll(async () => {
  await emu?.close();
});

describe('doctor', () => {
  it('is all green with a good token and a channel the bot is in', async () => {
    emu.control.createChannel({ name: 'doctor-ok', botMember: true });
    const run = await cli(['doctor', '--channel', 'doctor-ok']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const name of ['token', 'auth', 'scopes', 'channel', 'membership']) {
      expect(run.stdout).toMatch(new RegExp(`✓ ${name}\\b`));
    }
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toContain('@notifier is a member of #doctor-ok');
    expect(run.stdout).toContain('All checks passed.');
  });

  it('says a missing channel will be created when the scopes allow it', async () => {
    const run = await cli(['doctor', '--channel', 'not-there-yet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('#not-there-yet does not exist yet: the notifier creates it on start');
  });

  it('rejects a user token with the fix, without calling Slack', async () => {
    const user = emu.control.createToken({ scopes: ['chat:write', 'channels:read'], kind: 'user' });
    const before = emu.control.requestLog().length;
    const run = await cli(['doctor', '--channel', 'doctor-ok'], { token: user });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ token\s+\$SLACK_BOT_TOKEN holds a user token \(xoxp-\), not a bot token/);
    expect(run.stdout).toContain('use the "Bot User OAuth Token" (xoxb-…)');
    expect(run.stdout).toContain('1 problem found.');
    expect(run.stdout).not.toContain(user);
    expect(emu.control.requestLog().length).toBe(before);
  });

  it('names each missing scope and the exact fix', async () => {
    const narrow = emu.control.createToken({ scopes: ['chat:write', 'channels:read', 'channels:manage'] });
    const run = await cli(['doctor', '--channel', 'doctor-ok'], { token: narrow });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ scopes\s+missing channels:join: cannot join the public channel/);
    expect(run.stdout).toContain(
      "fix: add scope channels:join in your app's OAuth & Permissions → Bot Token Scopes, then reinstall the app",
    );
    // History recovery is optional: a warning, not a failure.
    expect(run.stdout).toMatch(/! scopes\s+missing channels:history/);
    expect(run.stdout).toContain('1 problem found.');
    expect(run.stdout).not.toContain(narrow);
  });

  it('accepts chat:write.public instead of channels:join with --post-without-join, and hints at it', async () => {
    emu.control.createChannel({ name: 'doctor-public-post', botMember: false });
    const token = emu.control.createToken({
      scopes: ['chat:write', 'chat:write.public', 'channels:read', 'channels:manage', 'channels:history'],
    });
    const [plain, withFlag] = await Promise.all([
      cli(['doctor', '--channel', 'doctor-ok'], { token }),
      cli(['doctor', '--channel', 'doctor-public-post', '--post-without-join'], { token }),
    ]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(
      'since chat:write.public is granted, post without joining (--post-without-join',
    );
    expect(withFlag.code).toBe(0);
    expect(withFlag.stdout).toContain(
      'granted: chat:write, channels:manage, channels:read, chat:write.public',
    );
  });

  it('fails on an archived channel with the fix', async () => {
    emu.control.createChannel({ name: 'doctor-archived', botMember: true, archived: true });
    const run = await cli(['doctor', '--channel', 'doctor-archived']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ channel\s+#doctor-archived \(C\w+\) is archived/);
    expect(run.stdout).toContain('Unarchive channel');
  });

  it('fails when the bot is not a member, with the /invite fix', async () => {
    emu.control.createChannel({ name: 'doctor-nobot', botMember: false });
    const run = await cli(['doctor', '--channel', '#doctor-nobot']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ membership\s+@notifier is not a member of #doctor-nobot/);
    expect(run.stdout).toContain('fix: invite the bot: type /invite @notifier in #doctor-nobot');
  });

  it('checks private channels with the groups scopes', async () => {
    emu.control.createChannel({ name: 'doctor-private', isPrivate: true, botMember: true });
    const run = await cli(['doctor', '--channel', 'doctor-private', '--private']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('granted: chat:write, groups:write, groups:read, groups:history');
  });

  it('reports an unknown token as invalid_auth and a revoked one with the reinstall fix', async () => {
    const unknown = await cli(['doctor'], { token: 'xoxb-CANARY-unknown-to-slack' });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(/✗ auth\s+auth.test failed: invalid_auth/);
    const revoked = emu.control.createToken({ scopes: [...MANIFEST_BOT_SCOPES] });
    emu.control.revokeToken(revoked);
    const run = await cli(['doctor'], { token: revoked });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('token_revoked');
    expect(run.stdout).toContain('Reinstall to Workspace');
  });

  it('reads the token from --token-env and says so when it is missing', async () => {
    const missing = await cli(['doctor', '--token-env', 'MY_SLACK_TOKEN']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('no token in $MY_SLACK_TOKEN');
    const run = await cli(['doctor', '--token-env', 'MY_SLACK_TOKEN', '--channel', 'doctor-ok'], {
      env: { MY_SLACK_TOKEN: CANARY },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('a bot token (xoxb-) in $MY_SLACK_TOKEN');
  });

  it('says it cannot reach a wrong --api-url', async () => {
    const run = await cli(['doctor', '--api-url', 'http://127.0.0.1:1/api/']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('cannot reach http://127.0.0.1:1/api/');
  });
});

describe('send', () => {
  it('posts the argument, waits for delivery and prints ts and permalink', async () => {
    const run = await cli(['send', '--channel', 'cli-send', '--priority', 'high', 'disk full on db-1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ts = /ts: (\d+\.\d+)/.exec(run.stdout)?.[1];
    expect(run.stdout).toMatch(/permalink: https:\/\/\S+/);
    const message = emu.control.messages('cli-send').find((m) => m.ts === ts);
    expect(message?.text).toContain('disk full on db-1');
    expect(message?.text).toContain('🔴');
  });

  it('posts standard input', async () => {
    const run = await cli(['send', '--channel', 'cli-send'], { input: 'from stdin <!channel>\n' });
    expect(run.code).toBe(0);
    const ts = /ts: (\d+\.\d+)/.exec(run.stdout)?.[1];
    const message = emu.control.messages('cli-send').find((m) => m.ts === ts);
    // Data is escaped: the text cannot ping the channel.
    expect(message?.text).toContain('from stdin &lt;!channel&gt;');
  });

  it('exits non-zero when the message cannot be delivered', async () => {
    emu.control.createChannel({ name: 'cli-archived', archived: true, botMember: true });
    const run = await cli(['send', '--channel', 'cli-archived', 'nobody will read this']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('archived');
    expect(run.stdout).toBe('');
  });

  it('exits 2 with nothing to send or a bad priority', async () => {
    const [empty, bad] = await Promise.all([cli(['send']), cli(['send', '--priority', 'urgent', 'x'])]);
    expect(empty.code).toBe(2);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--priority must be one of high, normal, low');
  });
});

describe('manifest', () => {
  it('prints YAML that parses back with the scopes of the features in use', async () => {
    const [run, privateRun, allRun] = await Promise.all([
      cli(['manifest', '--name', 'Payments Alerts']),
      cli(['manifest', '--private', '--no-history']),
      cli(['manifest', '--all']),
    ]);
    expect(run.code).toBe(0);
    const doc = parse(run.stdout);
    expect(doc.display_information.name).toBe('Payments Alerts');
    expect(doc.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'chat:write',
        'channels:manage',
        'channels:join',
        'channels:read',
        'channels:history',
      ]),
    );
    const priv = parse(privateRun.stdout);
    expect(priv.oauth_config.scopes.bot).toEqual(['chat:write', 'groups:write', 'groups:read']);
    const all = parse(allRun.stdout);
    expect(all.oauth_config.scopes.bot).toEqual([...MANIFEST_BOT_SCOPES]);
  });

  it('rejects a name with & (Slack shows it as &amp;) and suggests one', async () => {
    const run = await cli(['manifest', '--name', 'Ops & Alerts']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Ops &amp; Alerts');
    expect(run.stderr).toContain('suggestion: "Ops and Alerts"');
  });

  it('rejects a name longer than 35 characters', async () => {
    const run = await cli(['manifest', '--name', 'A very long application name for alerts']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Slack allows at most 35');
  });
});

describe('help and usage', () => {
  it('prints help for each command and the top level', async () => {
    const commands = ['doctor', 'send', 'manifest', 'emulator'];
    // Independent runs side by side: each is a node start-up.
    const [top, ...each] = await Promise.all([cli(['--help']), ...commands.map((c) => cli([c, '--help']))]);
    commands.forEach((command, i) => {
      expect(each[i]?.code).toBe(0);
      expect(each[i]?.stdout).toContain(`Usage: backend-notifier ${command}`);
    });
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('doctor');
  });

  it('prints the version of the package with --version and -v', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const [long, short] = await Promise.all([cli(['--version']), cli(['-v'])]);
    for (const run of [long, short]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(`${version}\n`);
    }
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on an unknown command or option', async () => {
    const [unknown, run] = await Promise.all([cli(['frobnicate']), cli(['doctor', '--bogus'])]);
    expect(unknown.code).toBe(2);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
  });
});

/** `backend-notifier emulator …` until it prints its URLs; its page URL and the process. */
async function startEmulatorCli(args: string[]): Promise<{ child: NodeProcess; out: string }> {
  const child = startNodeFile(CLI_PATH, { args: ['emulator', ...args], timeoutMs: 20_000 });
  await child.waitForLine('Ctrl-C to stop.', 15_000);
  return { child, out: child.stdout() };
}

/** The status of GET <page>_emulator/faults sent with this Host header. */
function statusWithHost(page: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('_emulator/faults', page), { headers: { host }, setHost: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('emulator', () => {
  it('starts an emulator, prints its URLs and token, and stops on SIGINT', async () => {
    const { child, out } = await startEmulatorCli(['--port', '0', '--seed', '7']);
    const apiUrl = /api url:\s+(\S+)/.exec(out)?.[1] ?? '';
    const token = /bot token:\s+(\S+)/.exec(out)?.[1] ?? '';
    expect(/page:\s+(\S+)/.exec(out)?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const client = new WebClient(token, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5000,
    });
    const auth = await client.auth.test();
    expect(auth.ok).toBe(true);
    child.proc.kill('SIGINT');
    const run = await child.exited;
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
  });

  it('--allow-host adds a Host name the emulator answers (repeatable); any other name stays refused', async () => {
    const { child, out } = await startEmulatorCli([
      ...['--port', '0', '--allow-host', 'slack-emulator', '--allow-host', 'emu.internal:8080'],
    ]);
    const page = /page:\s+(\S+)/.exec(out)?.[1] ?? '';
    const port = new URL(page).port;
    expect(await statusWithHost(page, `slack-emulator:${port}`)).toBe(200);
    expect(await statusWithHost(page, 'emu.internal:8080')).toBe(200);
    expect(await statusWithHost(page, `127.0.0.1:${port}`)).toBe(200);
    expect(await statusWithHost(page, `evil.example:${port}`)).toBe(403);
    expect(await statusWithHost(page, `emu.internal:${port}`)).toBe(403);
    child.proc.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
  });

  it('refuses a malformed --allow-host as a usage error (exit 2), before binding', async () => {
    const run = await cli(['emulator', '--port', '0', '--allow-host', 'http://evil/']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      'invalid --allow-host: "http://evil/" is not a host name, address or host:port',
    );
    expect(run.stdout).not.toContain('Slack emulator running');
  });

  it('lists --allow-host in its help', async () => {
    const run = await cli(['emulator', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--allow-host NAME');
  });
});
