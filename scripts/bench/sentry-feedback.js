// The peer widget the bench compares Membrane against (SPEC.md, Budgets): Sentry's user-feedback
// widget, set up the way Sentry's docs show a site owner, then bundled by scripts/bench/peer.mjs into
// one minified classic script. Dev-only: nothing here is shipped.
import * as Sentry from '@sentry/browser';

Sentry.init({
  // The page's own origin is the bench's loopback server, so no event leaves the machine.
  dsn: `https://public@${location.host}/1`,
  integrations: [
    Sentry.feedbackIntegration({
      autoInject: true,
      colorScheme: 'system',
      // The page runs the demo's strict Content-Security-Policy, which blocks the <style> elements
      // Sentry inserts unless they carry the page's nonce (Sentry's documented option for such pages).
      styleNonce: document.currentScript?.nonce,
    }),
  ],
});
