// A Rollup plugin that squeezes the whitespace out of our own Lit `css` and `html` templates before
// terser sees them (terser leaves template text alone). Every byte lands on our users' pages.
//
// It rewrites only the literal text between `${…}` holes, found through Rollup's own parser, so
// expressions are never touched. HTML: a run of whitespace that contains a line break becomes one
// space (the browser collapses it the same way; none of our templates use <pre> or textarea text).
// CSS: whitespace runs become one space, then spaces around punctuation go, and leading zeros.

function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) value.forEach((child) => walk(child, visit));
    else if (value && typeof value.type === 'string') walk(value, visit);
  }
}

export const squeezeHtml = (text) => text.replace(/\s*\n\s*/g, ' ');
export const squeezeCss = (text) => {
  // A URL's text is not CSS syntax: none of these rewrites may touch it, so none is ever made.
  if (text.includes('url(')) throw new Error('minify-templates: CSS with url() needs its URLs kept out of the squeeze');
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    // 0.5rem is .5rem: a leading zero after a separator, never inside a number (10.5) or a name.
    .replace(/([\s:,(])0\.(\d)/g, '$1.$2');
};

export function minifyTemplates({ include = /\/src\/.*\.[jt]s$/ } = {}) {
  return {
    name: 'membrane-minify-templates',
    transform(code, id) {
      if (!include.test(id) || !/\b(html|css)\s*`/.test(code)) return null;
      const ast = this.parse(code);
      const edits = [];
      walk(ast, (node) => {
        if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier') return;
        const squeeze = node.tag.name === 'html' ? squeezeHtml : node.tag.name === 'css' ? squeezeCss : null;
        if (!squeeze) return;
        for (const quasi of node.quasi.quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const out = squeeze(raw);
          if (out !== raw) edits.push([quasi.start, quasi.end, out]);
        }
      });
      if (edits.length === 0) return null;
      let result = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) {
        result = result.slice(0, start) + text + result.slice(end);
      }
      return { code: result, map: null };
    },
  };
}
