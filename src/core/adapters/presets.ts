/**
 * The names a site owner may give `backend`, with what must be known before any adapter code is
 * loaded: the URL to use when no endpoint is set. The script-tag build loads a preset's code only
 * when a page names it; this table is all it carries of the others.
 */
export const PRESETS: Readonly<Record<string, { readonly defaultEndpoint?: string }>> = {
  json: {},
  form: {},
  formspree: {},
  web3forms: { defaultEndpoint: 'https://api.web3forms.com/submit' },
  hubspot: {},
  zendesk: {},
};

/** The preset's key for a `backend` value (`json` when empty), or undefined when there is none. */
export function presetName(backend: string | undefined): string | undefined {
  const key = (backend ?? '').trim().toLowerCase() || 'json';
  return Object.hasOwn(PRESETS, key) ? key : undefined;
}
