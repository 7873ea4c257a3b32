import { NotifierError } from '../errors.js';

/**
 * What a warning says about a notification refused as invalid: our own validation names the field (never the
 * value); anything the payload threw (a getter, a proxy trap) is named by its class only, since its message
 * could carry the payload's data. Never throws (the thrown value may itself be a hostile proxy).
 */
export function describeRefusal(error: unknown): { message: string; field?: string } {
  try {
    if (error instanceof NotifierError) {
      const field = error.details.field;
      return typeof field === 'string' ? { message: error.message, field } : { message: error.message };
    }
    const ctor = error instanceof Error ? error.constructor?.name : undefined;
    const kind = typeof ctor === 'string' && /^[\w$]{1,40}$/.test(ctor) ? ctor : typeof error;
    return { message: `reading it threw (${kind}): a getter or proxy trap of the notification failed` };
  } catch {
    return { message: 'reading it threw: a getter or proxy trap of the notification failed' };
  }
}
