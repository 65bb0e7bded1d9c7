/**
 * A labelled `<select>`, for the security form's short lists (weakness class, severity). It lives
 * with the security form because nothing else uses it, so it loads with that part.
 */
import { html, nothing, type TemplateResult } from 'lit';

export interface SelectOptions {
  readonly id: string;
  readonly label: string;
  readonly optionalText?: string | undefined;
  readonly value: string;
  readonly options: readonly (readonly [value: string, label: string])[];
  readonly onChange: (value: string) => void;
}

export function renderSelect(o: SelectOptions): TemplateResult {
  return html`<div class="field" part="field">
    <label for=${o.id} part="label"
      >${o.label}${o.optionalText ? html` <span class="optional">${o.optionalText}</span>` : nothing}</label
    >
    <select id=${o.id} name=${o.id} part="control select" @change=${(e: Event) => o.onChange((e.target as HTMLSelectElement).value)}>
      ${o.options.map(([value, label]) => html`<option value=${value} ?selected=${value === o.value}>${label}</option>`)}
    </select>
  </div>`;
}
