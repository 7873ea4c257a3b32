/**
 * Scenario 12 (formatting injection and size limits), as properties over hostile notifications: every
 * payload passes `validateMessage`, is valid UTF-8 JSON, has no unescaped Slack control token except our
 * own mentions and links, and keeps ``` fences balanced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNotifierError } from '../errors.js';
import type { SlackMessage } from '../slack/gateway-types.js';
import type { Notification } from '../types.js';
import { buildMessage } from './build-message.js';
import { plainTextFallback } from './plain-text-fallback.js';
import { bigHostile, bigStack, HOSTILE, notification } from './test-support/arbitraries.js';
import { allowedTokens, injectionProblems, payloadProblems } from './test-support/mrkdwn-check.js';
import { validateMessage } from './validate-message.js';

function jsonProblems(m: SlackMessage): string[] {
  const json = JSON.stringify(m);
  const problems: string[] = [];
  if (Buffer.from(json, 'utf8').toString('utf8') !== json) problems.push('JSON is not valid UTF-8');
  // JSON.stringify writes lone surrogates as \udXXX escapes: valid JSON text, but not valid UTF-8 for Slack.
  if (/\\ud[89a-f][0-9a-f]{2}/i.test(json)) problems.push('JSON carries an escaped lone surrogate');
  return problems;
}

function hasContent(n: Notification): boolean {
  return Boolean(
    n.text ||
      n.title ||
      n.error !== undefined ||
      n.deployment ||
      (n.blocks?.length ?? 0) > 0 ||
      (n.attachments?.length ?? 0) > 0 ||
      (Array.isArray(n.fields) ? n.fields.length > 0 : Object.keys(n.fields ?? {}).length > 0),
  );
}

/** All checks on both payloads of a notification; an empty list when it is fine. */
function check(n: Notification): string[] {
  let rich: SlackMessage;
  let plain: SlackMessage;
  try {
    rich = buildMessage(n, { droppedNotice: { count: 3, byReason: { '<!channel>': 3 } } });
    plain = plainTextFallback(n);
  } catch (error) {
    // Refusing is right only for a notification without content.
    if (isNotifierError(error, 'invalid_notification') && !hasContent(n)) return [];
    throw error;
  }
  const allowed = allowedTokens(n);
  const problems: string[] = [];
  for (const [kind, m] of [
    ['rich', rich],
    ['plain', plain],
  ] as const) {
    for (const p of [...validateMessage(m), ...jsonProblems(m), ...payloadProblems(m, allowed)]) {
      problems.push(`${kind}: ${p}`);
    }
  }
  if (plain.blocks || plain.attachments) problems.push('plain: has blocks or attachments');
  return problems;
}

describe('scenario 12: formatting injection and size limits', () => {
  it('the checker itself catches injection, stray brackets, bare ampersands and open fences', () => {
    expect(injectionProblems('hi <!channel>', [])).toContain('unescaped token <!channel>');
    expect(injectionProblems('<@U1> and <https://evil|x>', [])).toHaveLength(3);
    expect(injectionProblems('hi <!channel>', ['<!channel>'])).toEqual([]);
    expect(injectionProblems('a < b', [])).toEqual(['stray < or >']);
    expect(injectionProblems('a & b', [])).toEqual(['bare &']);
    expect(injectionProblems('a &amp; &lt; &gt;', [])).toEqual([]);
    expect(payloadProblems({ text: '```open' }, [])).toEqual(['text: unbalanced code fences']);
  });

  it('every hostile notification gives a safe, valid payload (5,000 runs)', () => {
    fc.assert(
      fc.property(notification, (n) => {
        expect(check(n)).toEqual([]);
      }),
      { numRuns: 5_000 },
    );
    // Generous: about 2 ms a run on an idle machine, far more on a loaded CI box.
  }, 600_000);

  it('each hostile piece alone, in every string field', () => {
    for (const piece of HOSTILE) {
      const n: Notification = {
        title: piece,
        text: piece,
        fields: { [piece]: piece },
        context: { [piece]: piece },
        error: Object.assign(new Error(piece), { name: piece, code: piece }),
        deployment: {
          service: piece,
          version: piece,
          environment: piece,
          status: 'failed',
          url: piece,
          by: piece,
        },
      };
      expect(check(n)).toEqual([]);
    }
  });

  it('1 MB stack traces and 1 MB strings everywhere (a few big runs)', () => {
    fc.assert(
      fc.property(bigStack, bigHostile, (stack, big) => {
        const error = new Error(big);
        error.stack = stack;
        const n: Notification = {
          title: big,
          text: big,
          error,
          fields: { [big.slice(0, 1_000)]: big },
          context: { big },
        };
        expect(check(n)).toEqual([]);
        const m = buildMessage(n);
        expect(JSON.stringify(m).length).toBeLessThan(60_000);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
