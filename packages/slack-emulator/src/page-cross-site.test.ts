import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// By path, not as a package: a workspace dependency on test-support would be a cycle (it depends on the emulator).
import { requireBinary } from '../../test-support/src/require-binary.js';
import { type SlackEmulator, startSlackEmulator } from './index.js';

// What a web page the user happens to visit can do to an emulator running on their machine, tried in
// headless Chromium (Debian's `chromium`). `evil.example` resolves to 127.0.0.1 inside this browser
// (--host-resolver-rules), which is exactly what a DNS-rebinding attacker arranges.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// Without Chromium this file skips and says why (`.ci/run` installs it); under CI=true it fails instead.
const noChromium = requireBinary('chromium');
const FAULT = { method: 'chat.postMessage', action: { type: 'error', error: 'fatal_error' } };

let emu: SlackEmulator;
let evil: Server;
let evilPort = 0;
let browser: Browser;
let page: Page;

describe.skipIf(noChromium)('a foreign web page against the emulator', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    emu = await startSlackEmulator({ port: 0, seed: 'cross-site', rateLimits: { enabled: false } });
    // The attacker's own site: an empty page on another port of evil.example.
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><title>cute cats</title><iframe name="sink"></iframe>');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilPort = (evil.address() as AddressInfo).port;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--host-resolver-rules=MAP evil.example 127.0.0.1',
      ],
    });
    page = await browser.newPage();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (evil ? evil.close(() => resolve()) : resolve()));
    await emu?.close();
  });

  it('a cross-site page installs no fault: no-cors text/plain fetch, text/plain form, JSON fetch', async () => {
    emu.control.clearFaults();
    await page.goto(`http://evil.example:${evilPort}/`);
    const target = `${emu.url}_emulator/faults`;
    const outcome = await page.evaluate(
      async ({ target, body }) => {
        // Resolves (opaque) only once the emulator has answered: the request did reach it.
        const noCors = await fetch(target, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'content-type': 'text/plain' },
          body,
        }).then(
          (r) => r.type,
          (e: Error) => `rejected: ${e.message}`,
        );
        // JSON needs a preflight, which the emulator never grants.
        const json = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).then(
          (r) => `answered ${r.status}`,
          () => 'blocked',
        );
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = target;
        form.enctype = 'text/plain';
        form.target = 'sink';
        const field = document.createElement('input');
        // text/plain forms send `name=value`: this name and value make it `{...,"x":"="}`, valid JSON.
        field.name = `${body.slice(0, -1)},"x":"`;
        field.value = '"}';
        form.append(field);
        document.body.append(form);
        const frame = document.querySelector('iframe') as HTMLIFrameElement;
        const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
        form.submit();
        await loaded;
        const read = await fetch(`${target.replace('faults', 'state')}`).then(
          (r) => `read ${r.status}`,
          () => 'unreadable',
        );
        return { noCors, json, read };
      },
      { target, body: JSON.stringify(FAULT) },
    );
    expect(outcome).toEqual({ noCors: 'opaque', json: 'blocked', read: 'unreadable' });
    expect(emu.control.faults()).toEqual([]);
  });

  it('a rebinding page (evil.example on the emulator port) gets 403 and neither the token nor a fault', async () => {
    emu.control.clearFaults();
    const first = await page.goto(`http://evil.example:${emu.port}/`);
    expect(first?.status()).toBe(403);
    // Same-origin for the browser: it reads every answer, so each must be a refusal.
    const seen = await page.evaluate(async (body) => {
      const state = await fetch('/_emulator/state');
      const write = await fetch('/_emulator/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return { state: state.status, stateBody: await state.text(), write: write.status };
    }, JSON.stringify(FAULT));
    expect(seen).toMatchObject({ state: 403, write: 403 });
    expect(seen.stateBody).not.toContain(emu.botToken);
    expect(emu.control.faults()).toEqual([]);
  });

  it('the page itself, opened as localhost, still installs and clears a fault', async () => {
    emu.control.clearFaults();
    await page.goto(`http://localhost:${emu.port}/`);
    const status = await page.evaluate(async (body) => {
      const add = await fetch('/_emulator/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return add.status;
    }, JSON.stringify(FAULT));
    expect(status).toBe(200);
    expect(emu.control.faults()).toHaveLength(1);
    // The page's own helper (a body-less DELETE); a string, so the test runner leaves `import()` alone.
    const cleared = await page.evaluate(
      "import('/static/api.js').then(({ api }) => api('faults', { method: 'DELETE' })).then(() => 'cleared')",
    );
    expect(cleared).toBe('cleared');
    expect(emu.control.faults()).toEqual([]);
  });
});
