/**
 * Runs one network exchange under a deadline and the caller's abort signal. The deadline covers
 * reading the body too: a server that sends headers and then stalls has not answered.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
  failed: (timedOut: boolean) => T,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  // An already aborted signal never fires 'abort': check it, or the request would go out anyway.
  if (outer?.aborted) controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  try {
    return await run(controller.signal);
  } catch {
    return failed(timedOut);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
