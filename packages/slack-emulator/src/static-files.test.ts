import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { startTestEmulator } from './test-support/harness.js';

// A private public/ folder: the real page files belong to the page and are tested by page.test.ts.
const dir = mkdtempSync(join(tmpdir(), 'emu-public-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>emu</title>');
writeFileSync(join(dir, 'app.js'), 'console.log(1);');
writeFileSync(join(dir, 'app.css'), 'body{}');

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ publicDir: dir });
});
afterAll(() => emu.close());

describe('web page files', () => {
  it('GET / serves index.html as text/html', async () => {
    const res = await fetch(emu.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>emu</title>');
  });

  it('GET /static/<file> serves with the right content type', async () => {
    const js = await fetch(`${emu.url}static/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1);');
    const css = await fetch(`${emu.url}static/app.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses directory traversal and unknown files with 404', async () => {
    for (const path of [
      'static/..%2Fpackage.json',
      'static/%2e%2e/package.json',
      'static/sub/app.js',
      'static/nope.js',
    ]) {
      const res = await fetch(`${emu.url}${path}`);
      expect(res.status).toBe(404);
    }
  });

  it('the default folder is public/ beside dist/ (the package’s own page)', async () => {
    const { PUBLIC_DIR } = await import('./static-files.js');
    expect(PUBLIC_DIR.href).toMatch(/\/slack-emulator\/public\/$/);
  });
});
