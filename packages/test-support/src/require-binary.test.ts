import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBinary } from './require-binary.js';

// A scratch folder per run: `bin` gets fake executables, `empty` stays empty.
const dir = mkdtempSync(join(tmpdir(), 'require-binary-'));
const bin = join(dir, 'bin');
const empty = join(dir, 'empty');
for (const d of [bin, empty]) mkdirSync(d);
const make = (path: string, mode: number) => {
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, mode);
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs requireBinary with a captured log. */
function check(name: 'redis-server' | 'chromium', env: Record<string, string | undefined>) {
  const lines: string[] = [];
  const result = requireBinary(name, { env, log: (line) => lines.push(line) });
  return { result, lines };
}

describe('requireBinary', () => {
  it('is satisfied by an executable redis-server on the PATH', () => {
    make(join(bin, 'redis-server'), 0o755);
    const { result, lines } = check('redis-server', { PATH: `${empty}:${bin}` });
    expect(result).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('gives the reason and the install command when redis-server is missing, and prints it once', () => {
    const { result, lines } = check('redis-server', { PATH: empty });
    expect(result).toBe(
      'needs redis-server, not found on the PATH; install it with `sudo apt-get install redis-server`',
    );
    expect(lines).toEqual([`skipped: this suite ${result}`]);
  });

  it('does not count a file that is not executable, nor relative PATH entries', () => {
    const noExec = join(dir, 'noexec');
    mkdirSync(noExec);
    make(join(noExec, 'redis-server'), 0o644);
    expect(check('redis-server', { PATH: noExec }).result).toContain('not found on the PATH');
    expect(check('redis-server', { PATH: 'bin' }).result).toContain('not found on the PATH');
  });

  it('looks for chromium at CHROMIUM_PATH, where the page test launches it', () => {
    const fake = join(dir, 'chromium');
    make(fake, 0o755);
    expect(check('chromium', { CHROMIUM_PATH: fake }).result).toBeUndefined();
    const missing = join(dir, 'no-such-chromium');
    expect(check('chromium', { CHROMIUM_PATH: missing }).result).toBe(
      `needs chromium, not found at ${missing} (CHROMIUM_PATH overrides); install it with \`sudo apt-get install chromium\``,
    );
  });

  it('throws under CI instead of skipping, with the same reason', () => {
    for (const ci of ['true', '1', 'yes']) {
      const lines: string[] = [];
      expect(() =>
        requireBinary('redis-server', { env: { PATH: empty, CI: ci }, log: (l) => lines.push(l) }),
      ).toThrow(
        'needs redis-server, not found on the PATH; install it with `sudo apt-get install redis-server`. CI is set',
      );
      expect(lines).toEqual([]);
    }
  });

  it('skips (does not throw) when CI is empty, 0 or false', () => {
    for (const ci of ['', '0', 'false', 'FALSE']) {
      expect(check('redis-server', { PATH: empty, CI: ci }).result).toContain(
        'sudo apt-get install redis-server',
      );
    }
  });
});
