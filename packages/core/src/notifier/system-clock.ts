import type { Clock } from '../types.js';

/**
 * The real clock. Its timers are unref'd: the notifier's own waits never keep a process alive; only someone
 * waiting on the notifier does, through its one keep-alive handle (see `KeepAlive`).
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
