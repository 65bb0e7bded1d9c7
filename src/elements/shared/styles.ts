import { css } from 'lit';

/**
 * Shared look. Theming goes through `--membrane-*` custom properties; logical properties make
 * right-to-left pages work without a second stylesheet; `light-dark()` follows the page's or the
 * system's colour scheme.
 */
export const formStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    font: var(--membrane-font, inherit);
    color: var(--membrane-text, light-dark(#1b1b1f, #ececf1));
    --_accent: var(--membrane-accent, light-dark(#1f4fd1, #8fb0ff));
    --_accent-text: var(--membrane-accent-text, light-dark(#ffffff, #0c0c10));
    --_bg: var(--membrane-background, light-dark(#ffffff, #16161a));
    --_muted: var(--membrane-muted, light-dark(#4a4a55, #b4b4c0));
    --_border: var(--membrane-border, light-dark(#6b6b76, #8a8a96));
    --_danger: var(--membrane-danger, light-dark(#b00020, #ff8a9a));
    --_radius: var(--membrane-radius, 6px);
    --_gap: var(--membrane-gap, 1rem);
  }
  :host([hidden]) {
    display: none;
  }
  membrane-security-form {
    color-scheme: inherit;
  }
  .hp {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  form,
  .panel {
    display: grid;
    gap: var(--_gap);
    background: var(--_bg);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.4rem;
    min-inline-size: 0;
  }
  .panel p,
  form > p {
    margin: 0;
  }
  legend,
  label {
    font-weight: 600;
  }
  legend {
    padding: 0;
    margin-block-end: 0.4rem;
  }
  .field {
    display: grid;
    gap: 0.3rem;
  }
  .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
  }
  .choice label {
    font-weight: normal;
  }
  .choice input {
    margin-block-start: 0.25rem;
    flex: none;
  }
  input:not([type='radio'], [type='checkbox']),
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.6rem;
    inline-size: 100%;
    min-block-size: 2.5rem;
  }
  textarea {
    resize: vertical;
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger) !important;
  }
  .optional,
  .hint {
    color: var(--_muted);
    font-weight: normal;
  }
  .hint,
  .error,
  .note {
    margin: 0;
    font-size: 0.9em;
  }
  .error {
    color: var(--_danger);
  }
  .notice {
    margin: 0;
    padding: 0.75rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_danger);
    color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button {
    font: inherit;
    cursor: pointer;
    min-block-size: 2.75rem;
    padding: 0.5rem 1.1rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  button.secondary,
  .link-button {
    background: transparent;
    color: var(--_accent);
  }
  .link-button {
    border: 0;
    padding: 0;
    min-block-size: 1.5rem;
    text-decoration: underline;
    font-weight: normal;
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  a {
    color: var(--_accent);
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  h2:focus {
    outline: none;
  }
  .reference {
    font-size: 1.1em;
  }
  .reference strong {
    font-family: var(--membrane-mono, ui-monospace, monospace);
    user-select: all;
  }
  .articles {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .visually-hidden:not(:focus-within) {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
