/**
 * Where the forms keep their outboxes (outbox.ts) in Web Storage, and what the launcher looks for in
 * them before the outbox's own code has loaded. A module of its own, of constants the minifier
 * inlines, so the launcher can ask without carrying that code.
 */
export const OUTBOX_KEY_PREFIX = 'membrane-outbox:';

/**
 * Marks a message still to be sent in an outbox's stored text: in the JSON outbox.ts writes, this text
 * can only be an item's state, since inside a string its quotes are escaped.
 */
export const PENDING_ITEM_MARK = '"state":"pending"';

/** One outbox per form type and endpoint: a kept message goes where it was meant to go. */
export function outboxKey(form: string, endpoint: string): string {
  return `${OUTBOX_KEY_PREFIX}${form}:${endpoint}`;
}
