import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { allowedHostSet, normalizeHostHeader } from './request-guard.js';
import { clientFor, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
});
afterAll(() => emu.close());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request with exactly these headers (`fetch` will not send a foreign `Host`): what a browser on a
 * rebinding or cross-site page would send. `port` defaults to the emulator's.
 */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  target: SlackEmulator = emu,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: target.port, method, path, headers, setHost: false, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${path}: no complete answer within 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

const own = () => `127.0.0.1:${emu.port}`;
const FAULT = JSON.stringify({ method: 'chat.postMessage', action: { type: 'error', error: 'fatal_error' } });

describe('the control API refuses what a foreign web page can send', () => {
  it('a cross-site text/plain POST (no preflight needed) installs no fault', async () => {
    emu.control.clearFaults();
    // A form with enctype="text/plain" or fetch(..., { mode: 'no-cors' }) from https://evil.example.
    const withOrigin = await raw(
      'POST',
      '/_emulator/faults',
      {
        host: own(),
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'text/plain;charset=UTF-8',
      },
      FAULT,
    );
    expect(withOrigin.status).toBe(403);
    expect(JSON.parse(withOrigin.body)).toMatchObject({ ok: false, error: 'cross_origin_write' });
    // The same without Origin / Sec-Fetch-* (an old browser, a privacy extension): the type stops it.
    const bare = await raw('POST', '/_emulator/faults', { host: own(), 'content-type': 'text/plain' }, FAULT);
    expect(bare.status).toBe(415);
    expect(JSON.parse(bare.body)).toMatchObject({ ok: false, error: 'unsupported_media_type' });
    const form = await raw(
      'POST',
      '/_emulator/faults',
      { host: own(), 'content-type': 'application/x-www-form-urlencoded' },
      'method=*',
    );
    expect(form.status).toBe(415);
    expect(emu.control.faults()).toEqual([]);
    await expect(clientFor(emu).auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('a cross-origin JSON write is refused even with the right type; so is Origin null and same-site', async () => {
    emu.control.clearFaults();
    const foreign: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      // Another app on localhost (another port) is same-site, not same-origin.
      { origin: `http://127.0.0.1:${emu.port + 1}` },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      // The page at localhost writing to 127.0.0.1 is another origin too.
      { origin: `http://localhost:${emu.port}` },
    ];
    for (const headers of foreign) {
      const res = await raw(
        'POST',
        '/_emulator/faults',
        { host: own(), 'content-type': 'application/json', ...headers },
        FAULT,
      );
      expect({ headers, status: res.status }).toEqual({ headers, status: 403 });
    }
    expect(emu.control.faults()).toEqual([]);
  });

  it('body-less writes need the JSON type too: POST reset, DELETE faults', async () => {
    const id = emu.control.addFault(JSON.parse(FAULT));
    expect((await raw('DELETE', '/_emulator/faults', { host: own() })).status).toBe(415);
    expect((await raw('DELETE', `/_emulator/faults/${id}`, { host: own() })).status).toBe(415);
    expect(emu.control.faults().map((f) => f.id)).toEqual([id]);
    const channel = emu.control.createChannel({ name: 'survives-reset' });
    expect((await raw('POST', '/_emulator/reset', { host: own() })).status).toBe(415);
    expect(emu.control.channel(channel.id)).toBeDefined();
    const ok = await raw('DELETE', '/_emulator/faults', { host: own(), 'content-type': 'application/json' });
    expect(ok.status).toBe(200);
    expect(emu.control.faults()).toEqual([]);
  });

  it('a same-origin JSON write works (what the page sends), as does one with no Origin (curl, tests)', async () => {
    emu.control.clearFaults();
    const fromPage = await raw(
      'POST',
      '/_emulator/faults',
      {
        host: own(),
        origin: `http://${own()}`,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
      },
      FAULT,
    );
    expect(fromPage.status).toBe(200);
    const { id } = JSON.parse(fromPage.body) as { id: string };
    expect(emu.control.faults().map((f) => f.id)).toEqual([id]);
    // The page opened as http://localhost:PORT writes with that origin and Host.
    const viaLocalhost = await raw('DELETE', `/_emulator/faults/${id}`, {
      host: `localhost:${emu.port}`,
      origin: `http://localhost:${emu.port}`,
      'content-type': 'application/json',
    });
    expect(viaLocalhost.status).toBe(200);
    const curl = await raw(
      'POST',
      '/_emulator/faults',
      { host: own(), 'content-type': 'application/json' },
      FAULT,
    );
    expect(curl.status).toBe(200);
    expect(emu.control.faults()).toHaveLength(1);
    emu.control.clearFaults();
  });
});

describe('every path answers only loopback Host headers (DNS rebinding)', () => {
  it('GET /_emulator/state with Host: evil.example is 403 and the body has no token', async () => {
    const res = await raw('GET', '/_emulator/state', { host: `evil.example:${emu.port}` });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: 'host_not_allowed' });
    expect(res.headers['connection']).toBe('close');
    expect(res.body).not.toContain(emu.botToken);
    expect(res.body).not.toContain('xoxb-');
    // The right Host gets the state, token included: the check is what stands in between.
    const mine = await raw('GET', '/_emulator/state', { host: own() });
    expect(mine.status).toBe(200);
    expect(mine.body).toContain(emu.botToken);
  });

  it('a rebinding page cannot install a fault, even with a JSON same-origin request (its origin is evil.example)', async () => {
    emu.control.clearFaults();
    const res = await raw(
      'POST',
      '/_emulator/faults',
      {
        host: `evil.example:${emu.port}`,
        origin: `http://evil.example:${emu.port}`,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
      },
      FAULT,
    );
    expect(res.status).toBe(403);
    expect(emu.control.faults()).toEqual([]);
  });

  it('refuses foreign names, other ports, a missing Host; accepts 127.0.0.1, localhost and [::1] on the port', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${emu.port}`,
      `127.0.0.1.nip.io:${emu.port}`,
      `localhost.evil.example:${emu.port}`,
      `127.0.0.1:${emu.port + 1}`,
      '127.0.0.1',
      `0.0.0.0:${emu.port}`,
      '',
    ]) {
      const res = await raw('GET', '/_emulator/faults', host === '' ? {} : { host });
      expect({ host, status: res.status }).toEqual({ host, status: host === '' ? 400 : 403 });
    }
    for (const host of [`127.0.0.1:${emu.port}`, `LOCALHOST:${emu.port}`, `[::1]:${emu.port}`]) {
      const res = await raw('GET', '/_emulator/faults', { host });
      expect({ host, status: res.status }).toEqual({ host, status: 200 });
    }
  });

  it('the page, its scripts, the SSE stream, the Web API and webhooks check Host too', async () => {
    const evil = { host: `evil.example:${emu.port}` };
    for (const path of ['/', '/static/app.js', '/_emulator/events', '/services/T/B/x']) {
      const res = await raw(path.startsWith('/services') ? 'POST' : 'GET', path, evil);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    // The Web API with the real token and a foreign Host: refused before the token is looked at.
    const before = emu.control.requestLog().length;
    const api = await raw('POST', '/api/auth.test', { ...evil, authorization: `Bearer ${emu.botToken}` });
    expect(api.status).toBe(403);
    expect(api.body).not.toContain(emu.botToken);
    expect(emu.control.requestLog().length).toBe(before);
    // The real WebClient sends Host = its slackApiUrl's host and works.
    await expect(clientFor(emu).auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('the SSE stream from a loopback Host streams; from a foreign Host it never opens', async () => {
    const abort = new AbortController();
    const res = await fetch(`${emu.url}_emulator/events`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    abort.abort();
    const refused = await raw('GET', '/_emulator/events', {
      host: 'evil.example',
      accept: 'text/event-stream',
    });
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('event:');
  });
});

describe('binding another interface and allowedHosts', () => {
  it('answers the bound host and allowedHosts entries as well as loopback', async () => {
    const local = await startTestEmulator({
      host: '127.0.0.2',
      allowedHosts: ['slack-emulator', 'localhost:8080', '::1'],
    });
    try {
      const at = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.2',
              port: local.port,
              path: '/_emulator/faults',
              headers: { host },
              setHost: false,
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        });
      expect(local.url).toBe(`http://127.0.0.2:${local.port}/`);
      expect(await at(`127.0.0.2:${local.port}`)).toBe(200);
      expect(await at(`slack-emulator:${local.port}`)).toBe(200);
      expect(await at('localhost:8080')).toBe(200);
      expect(await at(`[::1]:${local.port}`)).toBe(200);
      expect(await at(`localhost:${local.port}`)).toBe(200);
      expect(await at(`slack-emulator:${local.port + 1}`)).toBe(403);
      expect(await at(`evil.example:${local.port}`)).toBe(403);
    } finally {
      await local.close();
    }
  });

  it('a malformed allowedHosts entry is an error before anything is bound', async () => {
    await expect(startTestEmulator({ allowedHosts: ['http://x/'] })).rejects.toThrow(
      /allowedHosts: "http:\/\/x\/"/,
    );
  });

  it('0.0.0.0 adds the machine interface addresses, never a name', () => {
    const set = allowedHostSet('0.0.0.0', 3700);
    expect(set.has('127.0.0.1:3700')).toBe(true);
    expect(set.has('localhost:3700')).toBe(true);
    expect([...set].every((h) => /^(\[[0-9a-f:.]+\]|[0-9.]+|localhost):3700$/.test(h))).toBe(true);
    expect(normalizeHostHeader('Example.COM')).toBe('example.com:80');
    expect(normalizeHostHeader('a b')).toBeUndefined();
  });
});
