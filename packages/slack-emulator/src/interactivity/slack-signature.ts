import { createHmac } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed with the
 * app's signing secret (bolt-js `verify-request.ts`, python-slack-sdk `SignatureVerifier`).
 */
export function slackSignature(signingSecret: string, timestamp: string | number, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`, 'utf8');
  return `v0=${hmac.digest('hex')}`;
}

/** The form body Slack POSTs interactivity payloads as: `payload=<URL-encoded JSON>`. */
export function formBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
