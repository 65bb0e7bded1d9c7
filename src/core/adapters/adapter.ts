/**
 * How a backend is spoken to. An adapter turns a `membrane.v1` payload into the request a service
 * documents, and the service's answer into a reference or field errors. Adapters only shape
 * requests: the transport still decides whether and how they travel (HTTPS only, no redirects, no
 * credentials, a deadline), whatever an adapter asks for.
 */
import type { FieldErrors, Payload } from '../schemas.js';

export interface AdapterContext {
  /** The endpoint the site owner configured, as written (the transport resolves and checks it). */
  readonly endpoint: string | undefined;
  /** `backend-key`: a public key some services use instead of a secret URL. */
  readonly key: string | undefined;
}

export interface BackendRequest {
  readonly url: string;
  readonly init: {
    readonly method?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
  };
}

/** The answer as the adapter sees it: already read, so reading it twice is harmless. */
export interface BackendResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly text: string;
  /** The parsed JSON body when the answer was JSON, else undefined. */
  readonly json: unknown;
}

/** `reference` for an accepted request (undefined: derive one), `fieldErrors` for a refused one. */
export type BackendOutcome = { readonly reference?: string | undefined } | { readonly fieldErrors: FieldErrors };

export interface Adapter {
  /** Where to post when the site owner sets no endpoint (a service with one public URL). */
  readonly defaultEndpoint?: string;
  toRequest(payload: Payload, context: AdapterContext): BackendRequest;
  /** Undefined leaves the answer to the status code alone. */
  fromResponse?(response: BackendResponse): BackendOutcome | undefined;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
