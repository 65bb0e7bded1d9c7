/**
 * The contact flow, loaded by the launcher on the first hover, focus, click or idle moment, or at once
 * when the page holds an inline form: Lit, zod, the contact form and the widget's screens. It
 * publishes the modules the security and backends parts read (runtime.ts).
 */
import '../../elements/contact-form/contact-form.js';
import '../../elements/widget/widget-panel.js';
import { publishRuntime } from '../runtime.js';

publishRuntime();
