import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';
import { isInAppFrame, parseStackFrames, topInAppFrame } from './stack-frames.js';

describe('describeError', () => {
  it('describes an Error with code, stack frames and cause chain', () => {
    const root = new TypeError('root');
    const mid = new Error('mid', { cause: root });
    const top = Object.assign(new Error('top\nsecond line', { cause: mid }), { code: 'ECONNREFUSED' });
    const d = describeError(top);
    expect(d.name).toBe('Error');
    expect(d.message).toBe('top\nsecond line');
    expect(d.code).toBe('ECONNREFUSED');
    expect(d.stack?.split('\n')[0]).toMatch(/^at /);
    expect(d.stack).not.toContain('second line');
    expect(d.causes).toEqual([
      { name: 'Error', message: 'mid' },
      { name: 'TypeError', message: 'root' },
    ]);
  });

  it('stops on cyclic causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(describeError(a).causes).toEqual([{ name: 'Error', message: 'b' }]);
  });

  it('lists AggregateError members', () => {
    const agg = new AggregateError(
      Array.from({ length: 7 }, (_, i) => new Error(`e${i}`)),
      'many',
    );
    const d = describeError(agg);
    expect(d.name).toBe('AggregateError');
    expect(d.errorsTotal).toBe(7);
    expect(d.errors).toHaveLength(5);
    expect(d.errors[0]).toEqual({ name: 'Error', message: 'e0' });
  });

  it('describes non-Error throwables', () => {
    expect(describeError('boom')).toMatchObject({ name: 'Thrown string', message: 'boom' });
    expect(describeError(42)).toMatchObject({ name: 'Thrown number', message: '42' });
    expect(describeError(null)).toMatchObject({ name: 'Thrown null', message: '' });
    expect(describeError(undefined)).toMatchObject({ name: 'Thrown undefined', message: '' });
    expect(describeError({ reason: 'x' })).toMatchObject({
      name: 'Thrown object',
      message: '{"reason":"x"}',
    });
  });

  it('treats an error snapshot like the error', () => {
    const e = new RangeError('bad');
    const snapshot = JSON.parse(JSON.stringify({ name: e.name, message: e.message, stack: e.stack }));
    expect(describeError(snapshot)).toEqual(describeError(e));
  });

  it('uses the class name when name is empty and survives hostile getters', () => {
    class DbError extends Error {}
    const e = new DbError('x');
    Object.defineProperty(e, 'name', { value: '' });
    expect(describeError(e).name).toBe('DbError');
    const hostile = Object.defineProperty(new Error('x'), 'name', {
      get() {
        throw new Error('no');
      },
    });
    expect(describeError(hostile).name).toBe('Error');
  });
});

describe('stack frames', () => {
  const stack = [
    'Error: x',
    '    at Object.readFile (node:fs:123:4)',
    '    at Query.run (/app/node_modules/pg/lib/query.js:10:5)',
    '    at async UserService.find (file:///srv/app/src/users/service.ts:42:13)',
    '    at /srv/app/src/main.ts:7:1',
    '    at new Promise (<anonymous>)',
  ].join('\n');

  it('parses V8 frames', () => {
    const frames = parseStackFrames(stack);
    expect(frames).toHaveLength(5);
    expect(frames[2]).toEqual({
      fn: 'UserService.find',
      file: '/srv/app/src/users/service.ts',
      line: 42,
      column: 13,
    });
    expect(frames[3]).toEqual({ fn: '', file: '/srv/app/src/main.ts', line: 7, column: 1 });
  });

  it('finds the top in-app frame, skipping node: and node_modules', () => {
    expect(topInAppFrame(stack)?.fn).toBe('UserService.find');
    expect(isInAppFrame({ fn: 'x', file: '<anonymous>' })).toBe(false);
    expect(topInAppFrame(undefined)).toBeUndefined();
  });

  it('parses SpiderMonkey frames', () => {
    expect(parseStackFrames('run@https://x.test/app.js?v=3:10:2')).toEqual([
      { fn: 'run', file: 'https://x.test/app.js', line: 10, column: 2 },
    ]);
  });
});
