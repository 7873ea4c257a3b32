import { handleSlackInteraction, type RawBodyRequest, readRequestBody } from '@backend-notifier/core';
import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { SlackInteractionsHost } from './slack-interactions.host.js';

interface NodeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * `POST /slack/interactions` for Slack's interactivity Request URL (the `interactionsController` extra).
 * It only translates, like the Express handler: the raw body (Nest keeps it on `req.rawBody` when the app
 * is created with `{ rawBody: true }`; its default body parsers consume the stream otherwise, which is
 * refused 500 `body_unavailable` with the fix in the log), core's `handleSlackInteraction`, the answer.
 * Express platform.
 */
@Controller()
export class SlackInteractionsController {
  readonly #host: SlackInteractionsHost;

  constructor(@Inject(SlackInteractionsHost) host: SlackInteractionsHost) {
    this.#host = host;
  }

  @Post('slack/interactions')
  async receive(@Req() req: RawBodyRequest & { method: string }, @Res() res: NodeResponse): Promise<void> {
    const interactions = this.#host.interactions;
    if (!interactions) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const raw = await readRequestBody(req, interactions.maxBodyBytes);
    const answer = handleSlackInteraction(interactions, {
      method: req.method,
      headers: req.headersDistinct ?? req.headers,
      rawBody: raw === 'too_large' ? undefined : raw,
      bodyTooLarge: raw === 'too_large',
    });
    if (raw === 'too_large') res.setHeader('connection', 'close');
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.end(answer.body);
  }
}
