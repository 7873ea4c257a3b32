/**
 * Test helpers: a tiny mrkdwn scanner that finds Slack control tokens and unescaped control characters in
 * every mrkdwn string of a payload (plain_text objects are skipped: Slack does not parse them).
 */
import type { SlackMessage } from '../../slack/gateway-types.js';
import type { Notification } from '../../types.js';
import { safeLinkUrl } from '../deployment-template.js';
import { renderMentions } from '../render-mentions.js';
import { countFences } from '../truncate.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A mrkdwn string of a payload and where it is. */
export interface MrkdwnText {
  path: string;
  text: string;
  /** Fences are only ours to balance where Slack renders mrkdwn (not in the notification `fallback`). */
  fenced: boolean;
}

function textObjects(v: unknown, path: string, out: MrkdwnText[]): void {
  if (isObj(v) && typeof v.text === 'string' && v.type === 'mrkdwn')
    out.push({ path, text: v.text, fenced: true });
}

function blockTexts(blocks: unknown, path: string, out: MrkdwnText[]): void {
  if (!Array.isArray(blocks)) return;
  for (const [i, b] of blocks.entries()) {
    if (!isObj(b)) continue;
    textObjects(b.text, `${path}[${i}].text`, out);
    if (Array.isArray(b.fields))
      for (const [j, f] of b.fields.entries()) textObjects(f, `${path}[${i}].fields[${j}]`, out);
    if (Array.isArray(b.elements))
      for (const [j, e] of b.elements.entries()) textObjects(e, `${path}[${i}].elements[${j}]`, out);
    if (b.type === 'markdown' && typeof b.text === 'string')
      out.push({ path: `${path}[${i}].text`, text: b.text, fenced: true });
  }
}

/** Every string of the payload that Slack parses as mrkdwn (or may parse: attachment strings). */
export function mrkdwnTexts(m: SlackMessage): MrkdwnText[] {
  const out: MrkdwnText[] = [{ path: 'text', text: m.text, fenced: true }];
  blockTexts(m.blocks, 'blocks', out);
  for (const [i, a] of (m.attachments ?? []).entries()) {
    const att = a as Obj;
    for (const key of ['text', 'pretext', 'title', 'footer', 'author_name', 'fallback']) {
      const v = att[key];
      if (typeof v === 'string')
        out.push({ path: `attachments[${i}].${key}`, text: v, fenced: key !== 'fallback' });
    }
    if (Array.isArray(att.fields)) {
      for (const [j, f] of att.fields.entries()) {
        if (!isObj(f)) continue;
        for (const key of ['title', 'value']) {
          if (typeof f[key] === 'string')
            out.push({ path: `attachments[${i}].fields[${j}].${key}`, text: f[key], fenced: true });
        }
      }
    }
    blockTexts(att.blocks, `attachments[${i}].blocks`, out);
  }
  return out;
}

/** The `<…>` tokens our own code may emit for this notification: its mentions and its deployment link. */
export function allowedTokens(n: Notification | string): string[] {
  if (typeof n === 'string') return [];
  const tokens = renderMentions(n.mention)
    .split(' ')
    .filter((t) => t !== '');
  const link = safeLinkUrl(n.deployment?.url);
  if (link) tokens.push(`<${link.token}|Open>`);
  return tokens;
}

/**
 * Problems in one mrkdwn string: control tokens (`<!…>`, `<@…>`, `<#…>`, `<http…>`, any `<…>`) that are
 * not allowed, a stray `<` or `>`, or an `&` that does not start `&amp;`, `&lt;` or `&gt;`.
 */
export function injectionProblems(text: string, allowed: readonly string[]): string[] {
  let rest = text;
  for (const token of allowed) rest = rest.split(token).join(' ');
  const problems: string[] = [];
  for (const m of rest.matchAll(/<[^<>]*>/g)) problems.push(`unescaped token ${m[0].slice(0, 60)}`);
  if (/[<>]/.test(rest)) problems.push('stray < or >');
  if (/&(?!amp;|lt;|gt;)/.test(rest)) problems.push('bare &');
  return problems;
}

/** Every problem of a payload: injection in any mrkdwn string and unbalanced ``` fences. */
export function payloadProblems(m: SlackMessage, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  for (const t of mrkdwnTexts(m)) {
    for (const p of injectionProblems(t.text, allowed)) problems.push(`${t.path}: ${p}`);
    if (t.fenced && countFences(t.text) % 2 !== 0) problems.push(`${t.path}: unbalanced code fences`);
  }
  return problems;
}
