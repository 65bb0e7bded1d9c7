// The build's template squeezer (scripts/minify-templates.mjs): it rewrites our CSS and HTML text, so
// a rewrite that changed meaning would ship a broken widget to every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { squeezeCss, squeezeHtml } from '../../scripts/minify-templates.mjs';

test('CSS loses whitespace, comments, last semicolons and leading zeros, nothing else', () => {
  const css = `
    /* the launcher */
    .launcher > svg {
      gap: 0.5rem;
      padding: 0.6rem 1.1rem;
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
      inline-size: min(28rem, 100vw - 1rem);
    }
  `;
  assert.equal(
    squeezeCss(css),
    ' .launcher>svg{gap:.5rem;padding:.6rem 1.1rem;box-shadow:0 4px 16px rgb(0 0 0 / .25);inline-size:min(28rem,100vw - 1rem)}',
  );
});

test('numbers and names that merely contain "0." keep it', () => {
  assert.equal(squeezeCss('a{width:10.5rem;--x0.5:1;flex:0 0 20.25%}'), 'a{width:10.5rem;--x0.5:1;flex:0 0 20.25%}');
});

test('CSS with url() stops the build rather than risk rewriting an address', () => {
  assert.throws(() => squeezeCss('a{background:url(/img/0.5.png)}'), /url\(\)/);
});

test('HTML whitespace runs with a line break become one space; text on one line is kept', () => {
  assert.equal(squeezeHtml('<p>\n    Two  spaces\n  </p>'), '<p> Two  spaces </p>');
});
