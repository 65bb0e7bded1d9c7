/**
 * The npm entry: registers every element. Import a single element's module
 * (`membrane/contact-form.js`) to register only what you use.
 */
export * from './elements/contact-form/contact-form.js';
export * from './elements/security-form/security-form.js';
export * from './elements/topic/topic.js';
export * from './elements/widget/widget.js';
export * from './elements/widget/widget-panel.js';
export type * from './elements/shared/events.js';
export type { Strings, StringKey } from './locales/index.js';
export { en } from './locales/index.js';
