import type { ActedBy, InteractionActions } from '../interaction-actions.js';

/** One call the receiver made. */
export interface RecordedAction {
  action: 'acknowledge' | 'mute' | 'unmute' | 'resolve';
  key: string;
  by: ActedBy;
  forMs?: number;
}

/**
 * A test implementation of `InteractionActions` (the notifier implements it once conversations land):
 * records every call and keeps the state a message would show, so tests can assert "nothing changed".
 */
export function recordingActions(options: { fail?: boolean; delayMs?: number } = {}) {
  const calls: RecordedAction[] = [];
  const state = new Map<string, { acknowledgedBy?: string; mutedUntil?: number; resolvedBy?: string }>();
  const act = async (call: RecordedAction, change: (s: ReturnType<typeof entry>) => void) => {
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    calls.push(call);
    if (options.fail) throw new Error('store unavailable');
    change(entry(call.key));
  };
  const entry = (key: string) => {
    const s = state.get(key) ?? {};
    state.set(key, s);
    return s;
  };
  const actions: InteractionActions = {
    acknowledge: (key, by) =>
      act({ action: 'acknowledge', key, by }, (s) => {
        s.acknowledgedBy = by.userId;
      }),
    mute: (key, forMs, by) =>
      act({ action: 'mute', key, by, forMs }, (s) => {
        s.mutedUntil = Date.now() + forMs;
      }),
    unmute: (key, by) =>
      act({ action: 'unmute', key, by }, (s) => {
        delete s.mutedUntil;
      }),
    resolve: (key, by) =>
      act({ action: 'resolve', key, by }, (s) => {
        s.resolvedBy = by.userId;
      }),
  };
  return { actions, calls, state };
}
