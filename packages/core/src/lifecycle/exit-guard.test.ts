import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ExitGuard } from './exit-guard.js';

describe('ExitGuard', () => {
  it('listens for beforeExit only while armed, runs once per arming, never after dispose', () => {
    const events = new EventEmitter();
    let runs = 0;
    const guard = new ExitGuard(() => runs++, events);
    expect(events.listenerCount('beforeExit')).toBe(0); // idle: no listener
    guard.arm();
    guard.arm();
    expect(events.listenerCount('beforeExit')).toBe(1);
    guard.disarm();
    expect(events.listenerCount('beforeExit')).toBe(0);
    events.emit('beforeExit');
    expect(runs).toBe(0);

    guard.arm();
    events.emit('beforeExit');
    events.emit('beforeExit'); // fires again each time the loop empties: not re-armed by itself
    expect(runs).toBe(1);
    expect(guard.armed).toBe(false);

    guard.arm();
    guard.dispose();
    expect(events.listenerCount('beforeExit')).toBe(0);
    guard.arm();
    events.emit('beforeExit');
    expect(runs).toBe(1);
  });

  it('null events: off', () => {
    const guard = new ExitGuard(() => undefined, null);
    guard.arm();
    expect(guard.armed).toBe(false);
  });
});
