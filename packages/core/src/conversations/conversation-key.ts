import type { Notification } from '../types.js';
import type { ConversationKind } from './conversation-types.js';

/** Keys longer than this are cut (a key is an index entry in every store, not a payload). */
const KEY_MAX = 200;

/** The conversation a notification belongs to, or `undefined` when it stands alone. */
export interface ConversationKeyOf {
  key: string;
  kind: ConversationKind;
}

/**
 * The key of a notification: an explicit `key` wins; then a deployment's identity (its `id`, or
 * service + environment + version, so `started` and `succeeded` of one release share a message); then the
 * error fingerprint the storm grouping computed (`fingerprint`, given by the caller or from the error).
 * Plain text without any of these stands alone. Prefixed by kind, so an explicit key can never collide with
 * a deployment's.
 */
export function conversationKeyOf(
  n: Notification | string,
  fingerprint: string | undefined,
): ConversationKeyOf | undefined {
  if (typeof n === 'object' && n !== null) {
    const kind: ConversationKind =
      n.deployment !== undefined ? 'deployment' : n.error !== undefined ? 'error' : 'generic';
    if (typeof n.key === 'string' && n.key !== '') return { key: cut(`key:${n.key}`), kind };
    const d = n.deployment;
    if (d !== undefined) {
      const id =
        typeof d.id === 'string' && d.id !== '' ? d.id : `${d.service}/${d.environment}/${d.version}`;
      return { key: cut(`deploy:${id}`), kind };
    }
    if (fingerprint !== undefined) return { key: cut(`fp:${fingerprint}`), kind };
    return undefined;
  }
  return fingerprint === undefined ? undefined : { key: cut(`fp:${fingerprint}`), kind: 'generic' };
}

function cut(key: string): string {
  return key.length > KEY_MAX ? key.slice(0, KEY_MAX) : key;
}
