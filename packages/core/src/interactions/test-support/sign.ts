import { createHmac } from 'node:crypto';

/** Signs a body as Slack does, independently of the code under test. */
export function slackSign(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Headers of a request Slack signed `body` with `secret` at `timestamp`. */
export function signedHeaders(secret: string, timestamp: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSign(secret, timestamp, body),
  };
}
