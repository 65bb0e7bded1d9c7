import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import {
  BACKGROUND_BASE_MS,
  BACKGROUND_CAP_MS,
  backoffDelay,
  INTERACTIVE_CAP_MS,
  INTERACTIVE_RETRIES,
  isRetryable,
  MAX_RETRY_AFTER_MS,
  nextAttemptDelay,
  parseRetryAfter,
} from '../../src/core/retry-policy.js';
import type { Delivery } from '../../src/core/transport.js';

const http = (status: number): Delivery => ({ ok: false, code: 'http', status });
/** A stand-in for Math.random that always draws `r`. */
const draw = (r: number) => () => r;
const clampHint = (ms: number) => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));

describe('isRetryable', () => {
  it('retries network failures, timeouts and the passing HTTP conditions', () => {
    expect(isRetryable({ ok: false, code: 'network' })).to.equal(true);
    expect(isRetryable({ ok: false, code: 'timeout' })).to.equal(true);
    for (const status of [408, 409, 425, 429, 500, 502, 503, 504, 599]) expect(isRetryable(http(status)), String(status)).to.equal(true);
  });

  it('does not retry what time cannot fix: other 4xx, named field refusals, insecure setups, a sent message', () => {
    for (const status of [400, 401, 403, 404, 405, 410, 413, 415, 422, 451]) expect(isRetryable(http(status)), String(status)).to.equal(false);
    expect(isRetryable({ ok: false, code: 'http', status: 503, fieldErrors: { email: 'email' } })).to.equal(false);
    expect(isRetryable({ ok: false, code: 'http' })).to.equal(false);
    expect(isRetryable({ ok: false, code: 'insecure-endpoint' })).to.equal(false);
    expect(isRetryable({ ok: false, code: 'insecure-page' })).to.equal(false);
    expect(isRetryable({ ok: false, code: 'config', detail: 'adapter threw' })).to.equal(false);
    expect(isRetryable({ ok: true, reference: 'R-1', referenceFromServer: true, status: 201, shape: 'json' })).to.equal(false);
  });

  it('retries every 5xx and, among 4xx, exactly 408, 409, 425 and 429', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), (status) => {
        expect(isRetryable(http(status))).to.equal(status >= 500 || [408, 409, 425, 429].includes(status));
      }),
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(1994, 10, 6, 8, 49, 0);

  it('reads delta-seconds and IMF-fixdates as a delay in milliseconds', () => {
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter('0', now)).to.equal(0);
    expect(parseRetryAfter(' 5 ', now)).to.equal(5_000);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).to.equal(37_000);
    expect(parseRetryAfter('Mon, 07 Nov 1994 08:49:00 GMT', now)).to.equal(MAX_RETRY_AFTER_MS);
  });

  it('clamps to [0, MAX_RETRY_AFTER_MS]: a past date is "now", a huge value is the maximum', () => {
    expect(parseRetryAfter('Sat, 05 Nov 1994 08:49:37 GMT', now)).to.equal(0);
    expect(parseRetryAfter('86400', now)).to.equal(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('99999999999999999999999999', now)).to.equal(MAX_RETRY_AFTER_MS);
  });

  it('rejects garbage, negative and fractional numbers, and dates that are not IMF-fixdates', () => {
    for (const value of [
      null,
      undefined,
      '',
      'soon',
      '-1',
      '1.5',
      '1e3',
      '0x10',
      '+5',
      '5 s',
      'Sun, 31 Feb 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 24:00:00 GMT',
      'Sun, 06 Nov 1994 08:60:00 GMT',
      'sun, 06 nov 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMT',
      'Sun Nov  6 08:49:37 1994',
      '1994-11-06T08:49:37Z',
    ]) {
      expect(parseRetryAfter(value, now), String(value)).to.equal(undefined);
    }
  });

  it('reads any number of seconds, clamped', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 3 }), fc.integer(), (seconds, zeros, at) => {
        expect(parseRetryAfter('0'.repeat(zeros) + String(seconds), at)).to.equal(clampHint(seconds * 1000));
      }),
    );
  });

  it('reads any date the platform prints as an HTTP date, relative to now', () => {
    const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) }).map((ms) => ms - (ms % 1000));
    fc.assert(
      fc.property(instant, fc.integer({ min: -4 * MAX_RETRY_AFTER_MS, max: 4 * MAX_RETRY_AFTER_MS }), (at, offset) => {
        const clock = at - offset;
        expect(parseRetryAfter(new Date(at).toUTCString(), clock)).to.equal(clampHint(offset));
      }),
    );
  });

  it('never throws, and refuses numbers with anything attached', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        const delay = parseRetryAfter(value, now);
        if (delay !== undefined) expect(delay).to.be.within(0, MAX_RETRY_AFTER_MS);
      }),
    );
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('.', '.0', 'e1', 's', ' s', '-', ',1', 'x'), fc.boolean(), (seconds, junk, before) => {
        expect(parseRetryAfter(before ? junk + String(seconds) : String(seconds) + junk, now)).to.equal(undefined);
      }),
    );
  });
});

describe('backoffDelay', () => {
  const attempt = fc.integer({ min: 0, max: 80 });
  const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it('draws uniformly below min(cap, base · 2^attempt): full jitter', () => {
    expect(backoffDelay(0, draw(0))).to.equal(0);
    expect(backoffDelay(1, draw(0.5))).to.equal(1_000);
    expect(backoffDelay(2, draw(0.5))).to.equal(2_000);
    expect(backoffDelay(10, draw(0.5))).to.equal(INTERACTIVE_CAP_MS / 2);
    fc.assert(
      fc.property(attempt, unit, fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: MAX_RETRY_AFTER_MS }), (n, r, baseMs, capMs) => {
        const delay = backoffDelay(n, draw(r), { baseMs, capMs });
        expect(delay).to.be.at.least(0);
        expect(delay).to.be.at.most(Math.min(capMs, baseMs * 2 ** n));
        expect(delay).to.be.closeTo(r * Math.min(capMs, baseMs * 2 ** n), 1e-6 * capMs);
      }),
    );
  });

  it('never waits less than a Retry-After hint, nor more than the maximum', () => {
    fc.assert(
      fc.property(attempt, unit, fc.integer({ min: 0, max: 3 * MAX_RETRY_AFTER_MS }), (n, r, hint) => {
        const delay = backoffDelay(n, draw(r), { retryAfterMs: hint });
        expect(delay).to.be.at.least(Math.min(hint, MAX_RETRY_AFTER_MS));
        expect(delay).to.be.at.most(Math.max(Math.min(hint, MAX_RETRY_AFTER_MS), INTERACTIVE_CAP_MS));
      }),
    );
  });

  it('stays in bounds when the random source misbehaves', () => {
    for (const r of [Number.NaN, -1, 2, Infinity]) {
      expect(backoffDelay(3, draw(r)), String(r)).to.be.within(0, INTERACTIVE_CAP_MS);
    }
  });
});

describe('nextAttemptDelay', () => {
  it('gives the first send and its quick retries at most about 15 s of waiting', () => {
    const nearlyOne = draw(0.999_999);
    let total = 0;
    for (let n = 1; n <= INTERACTIVE_RETRIES; n++) {
      const next = nextAttemptDelay(n, undefined, nearlyOne);
      expect(next.phase).to.equal('interactive');
      total += next.delayMs;
    }
    expect(total).to.be.within(13_000, 15_000);
    expect(nextAttemptDelay(INTERACTIVE_RETRIES + 1, undefined, nearlyOne).phase).to.equal('background');
  });

  it('then backs off from 30 s up to 15 minutes, and stays there', () => {
    const ceilings = Array.from({ length: 12 }, (_, i) => nextAttemptDelay(INTERACTIVE_RETRIES + 1 + i, undefined, draw(0.999_999)).delayMs);
    expect(ceilings[0]).to.be.closeTo(BACKGROUND_BASE_MS, 1);
    expect(ceilings[1]).to.be.closeTo(2 * BACKGROUND_BASE_MS, 1);
    for (let i = 1; i < ceilings.length; i++) expect(ceilings[i]).to.be.at.least(ceilings[i - 1]!);
    expect(ceilings.at(-1)).to.be.closeTo(BACKGROUND_CAP_MS, 1);
  });

  it('moves to the background phase when the server asks for a longer wait than the quick phase allows', () => {
    const next = nextAttemptDelay(1, 120_000, draw(0.5));
    expect(next).to.deep.equal({ delayMs: 120_000, phase: 'background' });
    expect(nextAttemptDelay(1, 1_500, draw(0)).phase).to.equal('interactive');
  });

  it('keeps every delay within [hint, maximum] and labels the phase truthfully', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.option(fc.integer({ min: 0, max: 2 * MAX_RETRY_AFTER_MS }), { nil: undefined }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, hint, r) => {
          const { delayMs, phase } = nextAttemptDelay(attempt, hint, draw(r));
          const floor = Math.min(hint ?? 0, MAX_RETRY_AFTER_MS);
          expect(delayMs).to.be.at.least(floor);
          expect(delayMs).to.be.at.most(Math.max(floor, attempt <= INTERACTIVE_RETRIES ? INTERACTIVE_CAP_MS : BACKGROUND_CAP_MS));
          expect(phase).to.equal(attempt <= INTERACTIVE_RETRIES && delayMs <= INTERACTIVE_CAP_MS ? 'interactive' : 'background');
        },
      ),
    );
  });
});
