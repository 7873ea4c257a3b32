import {
  createSlackInteractions,
  handleSlackInteraction,
  type InteractionActions,
  type SlackInteractions,
  type SlackInteractionsOptions,
} from '@backend-notifier/core';
import { type RawBodyRequest, readRawBody } from './read-raw-body.js';

/** The path Slack's interactivity Request URL points at, by convention. */
export const SLACK_INTERACTIONS_PATH = '/slack/interactions';

/** Options of {@link slackInteractions}: core's, without `actions` (the first argument). */
export type SlackInteractionsHandlerOptions = Omit<SlackInteractionsOptions, 'actions'>;

/** The response fields written. Express's `Response` satisfies it. */
export interface InteractionsResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
  on?(event: 'finish', listener: () => void): unknown;
}

/** The handler, with the receiver it feeds (its `stats()`, `close()`). */
export interface SlackInteractionsHandler {
  (
    req: RawBodyRequest & { method: string },
    res: InteractionsResponseLike,
    next?: (err?: unknown) => void,
  ): void;
  readonly interactions: SlackInteractions;
}

function isReceiver(value: unknown): value is SlackInteractions {
  return typeof (value as SlackInteractions)?.receive === 'function' && 'replayGuard' in (value as object);
}

/**
 * The Express handler for Slack's interactivity Request URL. It only translates: reads the raw body
 * (kept by an earlier layer, or straight from the stream), hands it to core's `handleSlackInteraction`
 * (signature, window, replay, payload, team, app, action) and writes the answer at once; core acts after
 * the ack. Pass the notifier (or any `InteractionActions`) and the options, or a receiver built with
 * `createSlackInteractions`.
 *
 * @example
 * app.post('/slack/interactions', slackInteractions(notifier, { signingSecret, teamId, appId, token }));
 */
export function slackInteractions(
  target: InteractionActions | SlackInteractions,
  options?: SlackInteractionsHandlerOptions,
): SlackInteractionsHandler {
  const interactions = isReceiver(target)
    ? target
    : createSlackInteractions({ ...(options as SlackInteractionsHandlerOptions), actions: target });
  const maxBytes = interactions.maxBodyBytes;
  const handler = (req: RawBodyRequest & { method: string }, res: InteractionsResponseLike) => {
    readRawBody(req, maxBytes).then((raw) => {
      const response = handleSlackInteraction(interactions, {
        method: req.method,
        headers: req.headersDistinct ?? req.headers,
        rawBody: raw === 'too_large' ? undefined : raw,
        bodyTooLarge: raw === 'too_large',
      });
      // The rest of an oversized body is not read: close the connection once the answer is out.
      if (raw === 'too_large') res.setHeader('connection', 'close');
      res.statusCode = response.status;
      for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
      res.end(response.body);
    });
  };
  return Object.assign(handler, { interactions });
}
