import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsoleSession, consoleSteps } from './console-session.js';
import { curl } from './curl.js';
import { expandWord, parseShellLine } from './shell-line.js';
import { matchTranscript } from './transcript-match.js';

describe('parseShellLine', () => {
  it('splits quotes, variables, pipes, sequences, redirects and a trailing &', () => {
    const line = parseShellLine(`A=1 curl -H 'x: $NO' "a $B c" | cat > out.txt; echo $? && wait %1`);
    const vars = { B: 'bee', '?': '3' };
    const words = (i: number, j: number) => line.items[i]?.pipeline[j]?.words.map((w) => expandWord(w, vars));
    expect(line.background).toBe(false);
    expect(line.items[0]?.pipeline[0]?.assignments.map((a) => [a.name, expandWord(a.value, vars)])).toEqual([
      ['A', '1'],
    ]);
    expect(words(0, 0)).toEqual(['curl', '-H', 'x: $NO', 'a bee c']);
    expect(words(0, 1)).toEqual(['cat']);
    expect(expandWord(line.items[0]?.pipeline[1]?.redirect ?? [], vars)).toBe('out.txt');
    expect(words(1, 0)).toEqual(['echo', '3']);
    expect(line.items[1]?.andThen).toBe(true);
    expect(parseShellLine('node x.js --port 0 &').background).toBe(true);
    expect(() => parseShellLine('echo $(whoami)')).toThrow(/not supported/);
  });

  it('reads $ commands and their output; a trailing backslash continues the command', () => {
    expect(consoleSteps('$ echo a \\\n  b\na b\n$ true\n', 10)).toEqual([
      { command: 'echo a  b', output: 'a b\n', line: 10 },
      { command: 'true', output: '', line: 13 },
    ]);
  });
});

describe('matchTranscript', () => {
  it('matches exactly but for volatile values, the same README value always the same run value', () => {
    const expected =
      'page: http://127.0.0.1:40749/\napi: http://127.0.0.1:40749/api/\nts: 1795783455.445000\n';
    const ok = matchTranscript(
      expected,
      expected.replaceAll('40749', '5123').replace('1795783455', '1800000000'),
    );
    // Only the port is learned for later steps; a ts is free in each output.
    expect(ok).toEqual({ ok: true, learned: new Map([['port:40749', '5123']]) });
    // Two different ports where the README shows one: not the same run.
    expect(matchTranscript(expected, expected.replace('40749', '1').replace('40749', '2')).ok).toBe(false);
    expect(matchTranscript('a\n', 'a\nb\n').ok).toBe(false);
    expect(matchTranscript('a\n...\nz\n', 'a\nb\nc\nz\n').ok).toBe(true);
    // A value learned earlier must come back unchanged.
    expect(
      matchTranscript('http://127.0.0.1:40749/\n', 'http://127.0.0.1:7/\n', new Map([['port:40749', '8']]))
        .ok,
    ).toBe(false);
  });
});

describe('curl', () => {
  it('sends method, headers (Host included) and -d bodies as curl does; -i shows the status line', async () => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        res.setHeader('x-seen', `${req.method} ${req.headers.host} ${req.headers['content-type']} ${body}`);
        res.end('done');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      const res = await curl(['-s', '-i', '-H', 'Host: evil.example', '-d', 'a=1', '-d', 'b=2', url]);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^HTTP\/1\.1 200 OK\n/);
      expect(res.stdout).toContain('x-seen: POST evil.example application/x-www-form-urlencoded a=1&b=2\n');
      expect(res.stdout.endsWith('\n\ndone')).toBe(true);
      expect((await curl(['-s', '-X', 'DELETE', url])).stdout).toBe('done');
      await expect(curl(['-k', url])).rejects.toThrow(/not reproduced/);
    } finally {
      server.close();
    }
  });
});

describe('ConsoleSession', () => {
  const script = (session: ConsoleSession, name: string, source: string) => {
    const file = join(session.scratchDir, name);
    writeFileSync(file, source);
    return file;
  };

  it('runs node scripts, pipes echo into stdin, redirects, and insists the README shows a non-zero exit', async () => {
    const session = new ConsoleSession({ cwd: process.cwd(), timeoutMs: 10_000 });
    const upper = script(
      session,
      'upper.mjs',
      'let s = ""; for await (const c of process.stdin) s += c; console.log(s.trim().toUpperCase()); process.exitCode = Number(process.env.CODE ?? 0);',
    );
    await session.runBlock(`$ echo "hi there" | node ${upper}\nHI THERE\n`, 1);
    await session.runBlock(`$ echo x | CODE=3 node ${upper} > out.txt\n$ echo $?\n3\n`, 3);
    expect(readFileSync(join(session.scratchDir, 'out.txt'), 'utf8')).toBe('X\n');
    await expect(
      session.runBlock(`$ echo y | CODE=1 node ${upper}\nY\n$ echo next\nnext\n`, 6),
    ).rejects.toThrow(/README line 6: exit code 1, but the README does not show it/);
    await expect(session.runBlock(`$ node ${upper}\nWRONG\n`, 9)).rejects.toThrow(
      /--- the run printed ---\n\n?$/,
    );
    expect(await session.close()).toBe(0);
  });

  it('runs a job in the background, stops it with kill and reports its exit code; ^C sends SIGINT', async () => {
    const session = new ConsoleSession({ cwd: process.cwd(), timeoutMs: 10_000 });
    const server = script(
      session,
      'server.mjs',
      `import { createServer } from 'node:http';
       const s = createServer((q, r) => r.end('pong')).listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port + '/'));
       for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { console.log('stopped by ' + sig); s.close(); });`,
    );
    await session.runBlock(
      [
        `$ node ${server} &`,
        'listening on http://127.0.0.1:40000/',
        '$ curl -s http://127.0.0.1:40000/ping',
        'pong',
        '$ kill %1; wait %1; echo $?',
        'stopped by SIGTERM',
        '0',
        `$ node ${server}`,
        'listening on http://127.0.0.1:40001/',
        '^C',
        'stopped by SIGINT',
        '',
      ].join('\n'),
      1,
    );
    expect(session.results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(await session.close()).toBe(0);
  });

  it('fails a command that does not end by itself', async () => {
    const session = new ConsoleSession({ cwd: process.cwd(), timeoutMs: 500 });
    const forever = script(session, 'forever.mjs', 'setInterval(() => {}, 1000);');
    await expect(session.runBlock(`$ node ${forever}\n`, 1)).rejects.toThrow(/did not end by itself/);
  });
});
