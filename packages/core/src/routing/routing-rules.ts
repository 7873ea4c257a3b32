import { NotifierError } from '../errors.js';
import { renderMentions } from '../format/render-mentions.js';
import type { Mention } from '../types.js';
import { type EventAttributes, type EventMatch, matchesEvent } from './event-attributes.js';

/** One routing rule: when the event matches, send it to `channel` and/or ping `mention`. */
export interface RoutingRule {
  /** The condition. `{}` matches every event. */
  when: EventMatch;
  /** A channel name or a named route of the notifier. @default none (the rule only adds mentions) */
  channel?: string;
  /** Explicit pings added to the message (validated ids: `{ user: 'U…' }`, `{ group: 'S…' }`, `'here'`). @default none */
  mention?: Mention | readonly Mention[];
}

/** Options of {@link createRouter}. */
export interface RoutingOptions {
  /** Checked in order. */
  rules: readonly RoutingRule[];
  /** Where an event no rule sends elsewhere goes. */
  defaultChannel: string;
}

/** Where one event goes and whom it pings. */
export interface RouteDecision {
  channel: string;
  /** The mentions of every matching rule, in rule order, without duplicates. */
  mention: Mention[];
  /** Index of the rule that chose the channel; `undefined` for the default. */
  rule?: number;
}

const mentionList = (m: RoutingRule['mention']): Mention[] =>
  m === undefined ? [] : Array.isArray(m) ? [...m] : [m as Mention];

/**
 * Validates the rules once (at start, so a bad rule is a configuration error, not a lost message) and
 * returns the pure decision: the first matching rule that names a channel picks it (else the default);
 * mentions come from every matching rule, so "page @oncall for high in production" can sit beside the
 * channel rules. A mention is never derived from event data: only what a rule names, rendered by the same
 * validated path as `notify({ mention })`, so user data cannot ping anyone.
 * @throws NotifierError `invalid_options` for a rule without `when`, a non-string channel or a bad mention.
 */
export function createRouter(options: RoutingOptions): (event: EventAttributes) => RouteDecision {
  if (typeof options.defaultChannel !== 'string' || options.defaultChannel === '') {
    throw new NotifierError('invalid_options', 'routing.defaultChannel must be a channel name or route');
  }
  const rules = options.rules.map((rule, index) => {
    if (!rule || typeof rule.when !== 'object' || rule.when === null) {
      throw new NotifierError('invalid_options', `routing rule ${index} needs a 'when' condition`);
    }
    if (rule.channel !== undefined && (typeof rule.channel !== 'string' || rule.channel === '')) {
      throw new NotifierError('invalid_options', `routing rule ${index}: channel must be a non-empty string`);
    }
    const mention = mentionList(rule.mention);
    try {
      renderMentions(mention);
    } catch (error) {
      throw new NotifierError('invalid_options', `routing rule ${index}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (rule.channel === undefined && mention.length === 0) {
      throw new NotifierError(
        'invalid_options',
        `routing rule ${index} names neither a channel nor a mention`,
      );
    }
    return { when: rule.when, channel: rule.channel, mention };
  });
  return (event) => {
    const decision: RouteDecision = { channel: options.defaultChannel, mention: [] };
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (!matchesEvent(rule.when, event)) return;
      if (rule.channel !== undefined && decision.rule === undefined) {
        decision.channel = rule.channel;
        decision.rule = index;
      }
      for (const m of rule.mention) {
        const id = JSON.stringify(m);
        if (!seen.has(id)) {
          seen.add(id);
          decision.mention.push(m);
        }
      }
    });
    return decision;
  };
}
