import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, unescapedLength } from './escape-mrkdwn.js';
import { isWellFormed, sliceCodeUnits, toWellFormed } from './well-formed.js';

describe('escapeMrkdwn', () => {
  it('escapes the three control characters, & first', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('neutralises mentions and links', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U123> <https://evil|click> <!subteam^S1>')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil|click&gt; &lt;!subteam^S1&gt;',
    );
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(escapeMrkdwn('a\uD800b\uDC00c😀')).toBe('a\uFFFDb\uFFFDc😀');
    expect(isWellFormed(escapeMrkdwn('\uDBFF'))).toBe(true);
  });

  it('unescapedLength counts each entity as one character', () => {
    expect(unescapedLength(escapeMrkdwn('<&>x'))).toBe(4);
  });
});

describe('well-formed helpers', () => {
  it('toWellFormed handles lone high, lone low and reversed pairs', () => {
    expect(toWellFormed('\uD83D')).toBe('\uFFFD');
    expect(toWellFormed('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
    expect(toWellFormed('\uD83D\uDE00')).toBe('😀');
    expect(isWellFormed('x\uD800')).toBe(false);
  });

  it('sliceCodeUnits never splits a surrogate pair', () => {
    expect(sliceCodeUnits('a😀', 2)).toBe('a');
    expect(sliceCodeUnits('a😀', 3)).toBe('a😀');
    expect(sliceCodeUnits('abc', 0)).toBe('');
  });
});

describe('control characters', () => {
  it('are dropped from data, except tab and line breaks', () => {
    expect(escapeMrkdwn('a\u0000b\u0007c\u001Bd\u007Fe\tf\ng\rh')).toBe('abcde\tf\ng\rh');
  });
});
