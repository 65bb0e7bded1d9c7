/**
 * One way to render a labelled field: `<label for>`, the control, an optional hint and an error, all
 * in the same shadow root so `aria-describedby` can point at them. Errors appear only once the field
 * has been touched or the form submitted (Lion's and Shoelace's practice: no red before typing).
 */
import { html, nothing, type TemplateResult } from 'lit';


export interface FieldOptions {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
  readonly required?: boolean;
  /** Shown after the label of a field that may be left empty. */
  readonly optionalText?: string | undefined;
  readonly multiline?: boolean;
  readonly type?: 'text' | 'email' | 'url';
  readonly autocomplete?: string;
  readonly rows?: number;
  readonly onInput: (value: string) => void;
  readonly onBlur: () => void;
  /**
   * Called with the length of text about to be pasted or dropped in; false refuses it. A
   * multi-megabyte paste is stopped here, before the browser lays it out and the page freezes.
   */
  readonly onPaste?: ((length: number) => boolean) | undefined;
}

export function renderField(o: FieldOptions): TemplateResult {
  const hintId = o.hint ? `${o.id}-hint` : '';
  const errorId = o.error ? `${o.id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || nothing;
  const onInput = (e: Event) => o.onInput((e.target as HTMLInputElement | HTMLTextAreaElement).value);
  const onPaste = (e: ClipboardEvent | DragEvent) => {
    const data = 'clipboardData' in e ? e.clipboardData : e.dataTransfer;
    if (o.onPaste && !o.onPaste(data?.getData('text/plain').length ?? 0)) e.preventDefault();
  };
  const control = o.multiline
    ? html`<textarea
        id=${o.id}
        name=${o.id}
        part="control textarea"
        rows=${o.rows ?? 5}
        ?required=${o.required}
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-describedby=${describedBy}
        .value=${o.value}
        @input=${onInput}
        @paste=${onPaste}
        @drop=${onPaste}
        @blur=${o.onBlur}
      ></textarea>`
    : html`<input
        id=${o.id}
        name=${o.id}
        part="control input"
        type=${o.type ?? 'text'}
        autocomplete=${o.autocomplete ?? nothing}
        ?required=${o.required}
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-describedby=${describedBy}
        .value=${o.value}
        @input=${onInput}
        @paste=${onPaste}
        @drop=${onPaste}
        @blur=${o.onBlur}
      />`;
  return html`<div class="field" part="field">
    <label for=${o.id} part="label"
      >${o.label}${o.optionalText ? html` <span class="optional">${o.optionalText}</span>` : nothing}</label
    >
    ${o.hint ? html`<p class="hint" id=${hintId} part="hint">${o.hint}</p>` : nothing} ${control}
    ${o.error ? html`<p class="error" id=${errorId} part="error">${o.error}</p>` : nothing}
  </div>`;
}

export interface ChoiceOptions {
  readonly id: string;
  readonly name: string;
  readonly checked: boolean;
  readonly label: unknown;
  readonly type?: 'radio' | 'checkbox';
  readonly invalid?: boolean;
  readonly describedBy?: string | undefined;
  readonly onChange: (checked: boolean) => void;
  /** Called when the customer shows interest (focus, pointer over it): time to load what it needs. */
  readonly onIntent?: (() => void) | undefined;
}

/** A radio button or checkbox with its label beside it. */
export function renderChoice(o: ChoiceOptions): TemplateResult {
  return html`<div class="choice">
    <input
      type=${o.type ?? 'radio'}
      id=${o.id}
      name=${o.name}
      .checked=${o.checked}
      aria-invalid=${o.invalid ? 'true' : nothing}
      aria-describedby=${o.describedBy ?? nothing}
      @focus=${o.onIntent ?? nothing}
      @pointerenter=${o.onIntent ?? nothing}
      @change=${(e: Event) => o.onChange((e.target as HTMLInputElement).checked)}
    />
    <label for=${o.id}>${o.label}</label>
  </div>`;
}
