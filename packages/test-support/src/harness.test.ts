import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.js';
import { runNode } from './run-node.js';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'harness', rateLimits: false });
});
afterAll(async () => {
  await emu?.close();
});

it('runs a script in a child process against an emulator in another process, read from the Slack side', async () => {
  const run = await runNode({
    dir: process.cwd(),
    source: `
      const res = await fetch(process.env.API + 'chat.postMessage', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + process.env.TOKEN, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ channel: 'general', text: 'from the child' }),
      });
      console.log((await res.json()).error ?? 'ok');
    `,
    env: { API: emu.apiUrl, TOKEN: emu.botToken },
  });
  expect(run.code).toBe(0);
  expect(run.timedOut).toBe(false);
  // chat:write.public lets the bot post to a public channel it has not joined.
  expect(run.stdout.trim()).toBe('ok');
  expect((await emu.control.messages('general')).map((m) => m.text)).toEqual(['from the child']);
  const log = await emu.control.requests();
  expect(log.map((r) => r.method)).toContain('chat.postMessage');
});

it('reports a process that does not end by itself', async () => {
  const run = await runNode({ dir: process.cwd(), source: 'setInterval(() => {}, 1000);', timeoutMs: 500 });
  expect(run.timedOut).toBe(true);
  expect(run.signal).toBe('SIGKILL');
});

it('tells the exit code of a CommonJS script', async () => {
  const run = await runNode({
    dir: process.cwd(),
    kind: 'cjs',
    source: 'process.exitCode = typeof require === "function" ? 7 : 1;',
  });
  expect(run.code).toBe(7);
});
