/** A Slack platform error (`{ ok: false, error, ...extra }`), thrown by method handlers. */
export class SlackApiError extends Error {
  readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(code: string, extra: Record<string, unknown> = {}) {
    super(code);
    this.name = 'SlackApiError';
    this.code = code;
    this.extra = extra;
  }
}
