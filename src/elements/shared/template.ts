import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from '../../locales/index.js';
import type { SendState } from './form-element.js';

/**
 * Splits a `{name}` template around rich values so a translated sentence can hold markup (the
 * reference in `<strong>`) without building HTML from strings.
 */
export function formatParts(template: string, values: Record<string, unknown>): unknown[] {
  return template.split(/(\{\w+\})/).map((part) => {
    const key = /^\{(\w+)\}$/.exec(part)?.[1];
    return key !== undefined && key in values ? values[key] : part;
  });
}

export interface StatusView {
  readonly state: SendState;
  readonly failure: string | undefined;
  /** The failure is already on screen in the blocker notice: announce it, do not show it twice. */
  readonly failureShownElsewhere: boolean;
  readonly canRetry: boolean;
  readonly onRetry: () => void;
  readonly t: Strings;
}

/**
 * The single polite live region (STYLE: one per form) plus the retry action. It is always in the DOM
 * so screen readers pick up changes to its text.
 */
export function renderStatus(v: StatusView): TemplateResult {
  const text = v.state === 'sending' ? v.t.statusSending : v.state === 'failed' || v.state === 'queued' ? (v.failure ?? '') : '';
  const failed = v.state === 'failed' && text !== '';
  const classes = failed ? (v.failureShownElsewhere ? 'visually-hidden' : 'notice') : 'note';
  return html`<p role="status" aria-live="polite" class=${classes} part="status">${text}</p>
    ${failed && v.canRetry
      ? html`<div class="actions"><button type="button" class="secondary" part="button retry" @click=${v.onRetry}>${v.t.tryAgain}</button></div>`
      : nothing}`;
}

export function renderSendButton(state: SendState, t: Strings): TemplateResult {
  const sending = state === 'sending';
  return html`<div class="actions">
    <button type="submit" part="button submit" aria-disabled=${sending ? 'true' : 'false'}>
      ${sending ? t.sending : t.send}
    </button>
  </div>`;
}

export interface ConfirmationView {
  readonly t: Strings;
  readonly heading: string;
  readonly reference: string;
  /** Sentences shown in order; empty ones (an unset response time) are left out. */
  readonly lines: readonly string[];
  /** The disclosure policy's URL and link text. */
  readonly policy?: readonly [url: string, text: string] | undefined;
  readonly actions?: TemplateResult;
}

/**
 * What the customer sees after a confirmed delivery: the reference (selectable in one click), what
 * happens next and when. The heading takes focus, which is how screen readers hear the outcome.
 */
export function renderConfirmation(v: ConfirmationView): TemplateResult {
  return html`<div class="panel" part="confirmation">
    <h2 tabindex="-1">${v.heading}</h2>
    <p class="reference">${formatParts(v.t.sentReference, { reference: html`<strong>${v.reference}</strong>` })}</p>
    ${v.lines.filter(Boolean).map((line) => html`<p>${line}</p>`)}
    ${v.policy ? html`<p><a href=${v.policy[0]} part="policy-link">${v.policy[1]}</a></p>` : nothing}
    ${v.actions ?? nothing}
  </div>`;
}
