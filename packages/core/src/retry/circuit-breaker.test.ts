import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';

describe('createCircuitBreaker', () => {
  it('opens after failureThreshold consecutive failures, and a success in between resets the count', () => {
    const c = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 1000 });
    c.failure('invalid_auth', 0);
    c.failure('invalid_auth', 1);
    c.success();
    c.failure('invalid_auth', 2);
    c.failure('invalid_auth', 3);
    expect(c.state).toBe('closed');
    c.failure('invalid_auth', 4);
    expect(c.state).toBe('open');
    expect(c.allows(5)).toBe(false);
    expect(c.lastCode).toBe('invalid_auth');
  });

  it('allows exactly one probe per cooldown; a failed probe re-opens for a full cooldown', () => {
    const c = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1000 });
    c.failure('token_revoked', 0);
    expect(c.probeDueIn(400)).toBe(600);
    expect(c.tryProbe(999)).toBe(false);
    expect(c.tryProbe(1000)).toBe(true);
    expect(c.tryProbe(1000)).toBe(false);
    expect(c.state).toBe('half_open');
    expect(c.allows(1000)).toBe(false);
    c.failure('token_revoked', 1100);
    expect(c.state).toBe('open');
    expect(c.tryProbe(2000)).toBe(false);
    expect(c.tryProbe(2100)).toBe(true);
    c.success();
    expect(c.state).toBe('closed');
    expect(c.allows(2100)).toBe(true);
  });

  it('clamps the threshold to at most 3', () => {
    const c = createCircuitBreaker({ failureThreshold: 10 });
    for (let i = 0; i < 3; i++) c.failure('invalid_auth', i);
    expect(c.state).toBe('open');
  });
});
