/**
 * The launcher's and dialog's look, as text for a constructed stylesheet. Everything reads the
 * `--membrane-*` custom properties; sides are logical (`inset-inline-end`), so a right-to-left page
 * gets a mirrored widget with no second stylesheet; colours use `light-dark()` and `color-scheme`
 * follows the `theme` attribute. `all: initial` on the host keeps the page's CSS out; shadow DOM keeps
 * ours in.
 */
/** Marks the text as CSS, so the script-tag build squeezes its whitespace (scripts/minify-templates.mjs). */
const css = (text: TemplateStringsArray): string => text[0]!;

export const widgetCss = css`
:host {
  all: initial;
  display: contents;
  color-scheme: light;
  font: var(--membrane-font, 1rem/1.5 system-ui, sans-serif);
  color: var(--membrane-text, light-dark(#1b1b1f, #ececf1));
  --_accent: var(--membrane-accent, light-dark(#1f4fd1, #8fb0ff));
  --_accent-text: var(--membrane-accent-text, light-dark(#fff, #0c0c10));
  --_bg: var(--membrane-background, light-dark(#fff, #16161a));
  --_radius: var(--membrane-radius, 6px);
  --_offset: var(--membrane-offset, 1.25rem);
}
:host([theme='dark']) { color-scheme: dark; }
:host([theme='auto']) { color-scheme: light dark; }
* { box-sizing: border-box; }
membrane-widget-panel { color-scheme: inherit; }
button {
  font: inherit;
  cursor: pointer;
  min-block-size: 24px;
  min-inline-size: 24px;
}
:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
.launcher {
  position: fixed;
  inset-block-end: var(--_offset);
  inset-inline-end: var(--_offset);
  z-index: var(--membrane-z-index, 2147483000);
  display: inline-flex;
  align-items: center;
  gap: 0.5rem;
  min-block-size: 48px;
  padding: 0.6rem 1.1rem;
  border: 2px solid transparent;
  border-radius: 999px;
  background: var(--_accent);
  color: var(--_accent-text);
  font-weight: 600;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
  transition: opacity 0.15s;
}
:host([position='bottom-start']) .launcher { inset-inline: var(--_offset) auto; }
:host([data-covering]) .launcher { opacity: 0; pointer-events: none; }
svg { inline-size: 1.25em; block-size: 1.25em; fill: currentColor; }
dialog {
  inline-size: min(28rem, 100vw - 1rem);
  max-block-size: min(44rem, 100dvh - 1rem);
  margin-block: auto var(--_offset);
  margin-inline: auto var(--_offset);
  padding: 0;
  border: 1px solid light-dark(#c6c6cf, #3a3a44);
  border-radius: calc(var(--_radius) * 2);
  background: var(--_bg);
  color: inherit;
  font: inherit;
  box-shadow: 0 12px 48px rgb(0 0 0 / 0.3);
  flex-direction: column;
}
dialog[open] { display: flex; }
:host([position='bottom-start']) dialog { margin-inline: var(--_offset) auto; }
dialog::backdrop { background: rgb(0 0 0 / 0.3); }
.header {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 1rem;
  padding: 0.75rem 1rem;
  border-block-end: 1px solid light-dark(#e2e2e8, #2c2c34);
}
h2 { margin: 0; font-size: 1.15rem; }
h2:focus { outline: none; }
.close {
  border: 0;
  border-radius: var(--_radius);
  background: none;
  color: inherit;
  font-size: 1.5rem;
  line-height: 1;
  padding: 0.25rem 0.6rem;
}
.body { overflow: auto; padding: 1rem; }
.body p { margin: 0 0 1rem; }
.secondary {
  padding: 0.5rem 1rem;
  border: 1px solid var(--_accent);
  border-radius: var(--_radius);
  background: none;
  color: var(--_accent);
}
@media (max-width: 30rem) {
  dialog { margin: auto 0 0; inline-size: 100vw; max-inline-size: 100vw; border-radius: 0; }
}
@media (prefers-reduced-motion: reduce) { .launcher { transition: none; } }
`;
