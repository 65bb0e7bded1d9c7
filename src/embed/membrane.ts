/**
 * The script-tag entry: one self-contained classic script that registers the elements, so a site
 * owner can paste `<script src=".../membrane.js" defer>` and write `<membrane-contact-form>` in any
 * page with no build step. Registration is guarded, so loading it twice, or next to an npm copy,
 * does not throw.
 */
import '../elements/topic/topic.js';
import '../elements/security-form/security-form.js';
import '../elements/contact-form/contact-form.js';
