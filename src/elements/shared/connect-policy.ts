/**
 * A page's Content Security Policy can forbid the form to reach its endpoint (`connect-src`). The
 * browser then fails the request exactly as if the network were down, so the only way to tell the
 * two apart is the `securitypolicyviolation` event it fires. Told apart, the customer hears that the
 * form cannot send from this page (not "check your connection"), the site owner hears which
 * directive to fix, and nothing is retried in vain.
 */

/** Starts listening; the returned function says, once the request has failed, whether the policy refused it. */
export function watchConnectPolicy(): () => Promise<boolean> {
  let refused = false;
  const listener = (e: SecurityPolicyViolationEvent) => {
    if ((e.effectiveDirective || e.violatedDirective).startsWith('connect-src')) refused = true;
  };
  document.addEventListener('securitypolicyviolation', listener);
  return async () => {
    // The event is queued as a task of its own, which may come after the failed fetch settles.
    if (!refused) await new Promise((resolve) => setTimeout(resolve, 50));
    document.removeEventListener('securitypolicyviolation', listener);
    return refused;
  };
}
