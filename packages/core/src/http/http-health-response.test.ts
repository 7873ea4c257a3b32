import { describe, expect, it } from 'vitest';
import type { HealthReport } from '../types.js';
import { httpHealthResponse } from './http-health-response.js';

const report = (status: HealthReport['status']): HealthReport => ({
  status,
  checks: [{ name: 'auth', status }],
});

describe('httpHealthResponse', () => {
  it('answers 200 for ok and degraded, 503 for down, with the report as body', async () => {
    for (const [status, code] of [
      ['ok', 200],
      ['degraded', 200],
      ['down', 503],
    ] as const) {
      expect(await httpHealthResponse({ health: async () => report(status) })).toEqual({
        statusCode: code,
        body: report(status),
      });
    }
  });

  it('answers 503 down without the reason when the check rejects or throws', async () => {
    const secret = 'xoxb-CANARY-token in a failure';
    for (const health of [
      async () => Promise.reject(new Error(secret)),
      () => {
        throw new Error(secret);
      },
    ]) {
      const answer = await httpHealthResponse({ health: health as () => Promise<HealthReport> });
      expect(answer.statusCode).toBe(503);
      expect(answer.body.status).toBe('down');
      expect(JSON.stringify(answer)).not.toContain('CANARY');
    }
  });
});
