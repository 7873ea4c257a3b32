import { describe, expect, it } from 'vitest';
import { validateMessage } from '../format/validate-message.js';
import type { ConversationState } from './conversation-types.js';
import { DigestBook } from './digest-book.js';
import { renderReply, renderRoot } from './render-conversation.js';
import { renderDigestMessage } from './render-digest-message.js';

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);

function state(partial: Partial<ConversationState> = {}): ConversationState {
  return {
    key: 'fp:x',
    channel: 'alerts',
    kind: 'error',
    count: 1204,
    shown: 0,
    firstAt: T0,
    lastAt: T0 + 11 * 60_000,
    status: 'open',
    priority: 'high',
    head: { error: { name: 'TypeError', message: 'bad <!channel> & <@U123>' } },
    lastSample: 'TypeError: bad',
    samples: 0,
    reopened: 0,
    ...partial,
  };
}

/** The text Slack parses as mrkdwn (plain_text headers are never parsed for mentions). */
function allText(m: { text: string; blocks?: unknown[] }): string {
  const mrkdwn = JSON.stringify(m.blocks ?? []).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];
  return [m.text, ...mrkdwn].join('\n');
}

describe('renderRoot', () => {
  it('shows the count and the status, escaping every string from the event', () => {
    const m = renderRoot(state(), T0 + 11 * 60_000);
    expect(validateMessage(m)).toEqual([]);
    expect(m.text).toContain('🔥 Ongoing · 1,204 occurrences · last at 12:11:00 UTC');
    expect(allText(m)).not.toContain('<!channel>');
    expect(allText(m)).toContain('&lt;!channel&gt;');
  });

  it('says when and after how long it was resolved, and by whom (escaped: never a ping)', () => {
    const m = renderRoot(
      state({ status: 'resolved', resolvedAt: T0 + 12 * 60_000, resolvedBy: '<!here>' }),
      T0 + 12 * 60_000,
    );
    expect(m.text).toContain('✅ Resolved by &lt;!here&gt; after 12 min, 1,204 occurrences');
    expect(allText(m)).not.toContain('<!here>');
  });

  it("a deployment's root shows its latest status and duration", () => {
    const d = { service: 'api', environment: 'prod', version: '1.2.3', status: 'started' as const };
    const m = renderRoot(
      state({
        kind: 'deployment',
        head: { deployment: d },
        phase: 'succeeded',
        startedAt: T0,
        status: 'resolved',
        resolvedAt: T0 + 185_000,
        count: 2,
      }),
      T0 + 185_000,
    );
    expect(validateMessage(m)).toEqual([]);
    expect(m.text).toContain('✅ Succeeded after 3 min');
    expect(JSON.stringify(m.attachments)).toContain('Succeeded');
    expect(JSON.stringify(m.attachments)).toContain('3m 05s');
  });
});

describe('renderReply', () => {
  it('a sample drops the mention (only the root pings); a line is escaped', () => {
    const sample = renderReply(
      { reason: 'sample', line: 'Occurrence 2', broadcast: false, sample: { text: 'x', mention: 'channel' } },
      'normal',
    );
    expect(allText(sample)).not.toContain('<!channel>');
    const line = renderReply({ reason: 'resolved', line: 'Resolved by <@U1>', broadcast: false }, 'normal');
    expect(line.text).toContain('Resolved by &lt;@U1&gt;');
  });
});

describe('renderDigestMessage', () => {
  it('high priority first, the top lines, the rest summed, links only through safeLinkUrl', () => {
    const book = new DigestBook('alerts', T0);
    for (let i = 0; i < 1000; i++)
      book.fold(`k${i}`, i === 999 ? 'high' : 'normal', `Error <!channel> ${i}`, T0 + i);
    for (let i = 0; i < 5; i++) book.fold('k3', 'normal', 'Error 3', T0 + 2000);
    book.mark('k3', { permalink: 'https://example.slack.com/archives/C1/p1700000000000100' });
    book.mark('k4', { permalink: 'javascript:alert(1)' });
    const m = renderDigestMessage(book, T0 + 5000, { lines: 20 });
    expect(validateMessage(m)).toEqual([]);
    expect(m.text).toBe(
      "Digest: 1,005 events in 1,000 conversations (more than this channel's pace can post one by one)",
    );
    const body = (m.blocks ?? []).map((b) => JSON.stringify(b)).join('\n');
    expect(body.indexOf('Error &lt;!channel&gt; 999')).toBeLessThan(body.indexOf('×6'));
    expect(body).toContain('<https://example.slack.com/archives/C1/p1700000000000100|Error 3>');
    expect(body).not.toContain('javascript:');
    expect(body).toContain('…and 980 more conversations, 980 events');
    expect(body).not.toContain('<!channel>');
  });

  it('due and closable follow the book', () => {
    const book = new DigestBook('alerts', T0);
    book.fold('a', 'low', 'a', T0);
    expect(book.due(T0, 5000)).toBe(false); // not posted yet
    book.ts = '1.1';
    book.lastSentAt = T0;
    expect(book.due(T0 + 4999, 5000)).toBe(false);
    expect(book.due(T0 + 5000, 5000)).toBe(true);
    book.dirty = false;
    expect(book.closable(T0 + 59_999, 60_000)).toBe(false);
    expect(book.closable(T0 + 60_000, 60_000)).toBe(true);
  });
});
