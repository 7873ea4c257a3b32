import { describe, expect, it } from 'vitest';
import { FlushWaiters } from '../notifier/flush-waiters.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { KeepAlive, type LoopHandles } from './keep-alive.js';

/** Counts the referenced handles a KeepAlive creates and still holds. */
function countingHandles(): LoopHandles & { live: Set<unknown>; created: number } {
  let next = 0;
  const live = new Set<unknown>();
  return {
    live,
    get created() {
      return next;
    },
    ref() {
      const handle = ++next;
      live.add(handle);
      return handle;
    },
    unref(handle) {
      live.delete(handle);
    },
  };
}

describe('KeepAlive', () => {
  it('holds exactly one handle while any hold is taken, none once all are released', () => {
    const handles = countingHandles();
    const keepAlive = new KeepAlive(handles);
    expect(handles.live.size).toBe(0);
    const a = keepAlive.hold();
    const b = keepAlive.hold();
    expect(handles.live.size).toBe(1);
    expect(keepAlive.holds).toBe(2);
    a();
    a(); // releasing twice releases once
    expect(handles.live.size).toBe(1);
    b();
    expect(handles.live.size).toBe(0);
    expect(keepAlive.holds).toBe(0);
    keepAlive.hold()();
    expect(handles.created).toBe(2);
    expect(handles.live.size).toBe(0);
  });

  it('the real handle keeps the loop alive while held and lets it go when released', () => {
    const keepAlive = new KeepAlive();
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const release = keepAlive.hold();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before + 1);
    release();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });
});

describe('FlushWaiters and the keep-alive (fake clock)', () => {
  it('a flush() waiting on pending work holds until it resolves, or until its timeout', async () => {
    const clock = createFakeClock();
    const handles = countingHandles();
    const keepAlive = new KeepAlive(handles);
    let pending = 2;
    const waiters = new FlushWaiters({ clock, isDone: () => pending === 0, keepAlive });

    // Nothing pending: resolves at once, holds nothing.
    pending = 0;
    expect(await waiters.wait(1000)).toBe(true);
    expect(handles.created).toBe(0);

    pending = 2;
    const first = waiters.wait(1000);
    const second = waiters.wait(5000);
    expect(handles.live.size).toBe(1);
    await clock.advance(1000);
    expect(await first).toBe(false); // its deadline passed: released, the other still holds
    expect(keepAlive.holds).toBe(1);
    expect(handles.live.size).toBe(1);
    pending = 0;
    waiters.check();
    expect(await second).toBe(true);
    expect(handles.live.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
