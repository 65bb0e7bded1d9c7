/**
 * The events every Membrane element fires: `membrane-` prefixed, bubbling and composed so a listener
 * on `document` hears them through shadow roots.
 */
import type { Payload } from '../../core/schemas.js';

export type MembraneErrorCode =
  /** The endpoint is missing or breaks the HTTPS rule; nothing was sent. */
  | 'insecure-endpoint'
  /** The page is not a secure context; nothing was sent. */
  | 'insecure-page'
  /** What the customer typed does not pass validation (client side or the backend's 422). */
  | 'invalid'
  /** The request did not reach the server (offline, DNS, TLS, CORS, a refused redirect). */
  | 'network'
  /** The server answered with a status other than 2xx. */
  | 'http'
  /** The server did not answer within the time limit. */
  | 'timeout'
  /** Kept for a later retry (used by the outbox). */
  | 'queued'
  /** A site owner's configuration was malformed (topics, prefill); the element carries on with what it could use. */
  | 'config';

export interface MembraneSubmitDetail {
  readonly payload: Payload;
}

export interface MembraneSentDetail {
  readonly payload: Payload;
  readonly reference: string;
}

export interface MembraneErrorDetail {
  readonly code: MembraneErrorCode;
  /** A sentence for the site owner or developer (the customer sees their own message on screen). */
  readonly message: string;
  /** The attribute or property at fault, for configuration errors. */
  readonly attribute?: string;
  /** The HTTP status, for `http`. */
  readonly status?: number;
}

export type MembraneSubmitEvent = CustomEvent<MembraneSubmitDetail>;
export type MembraneSentEvent = CustomEvent<MembraneSentDetail>;
export type MembraneErrorEvent = CustomEvent<MembraneErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'membrane-submit': MembraneSubmitEvent;
    'membrane-sent': MembraneSentEvent;
    'membrane-error': MembraneErrorEvent;
  }
}
