import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import { checkCvssVector } from '../../src/core/cvss.js';

describe('checkCvssVector', () => {
  it('accepts well-formed v3.0, v3.1 and v4.0 vectors, with optional metrics', () => {
    expect(checkCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).to.deep.equal({ ok: true, version: '3.1' });
    expect(checkCvssVector('CVSS:3.0/AV:L/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:N/E:P/RL:O/RC:C')).to.deep.equal({ ok: true, version: '3.0' });
    expect(checkCvssVector(' CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N ')).to.deep.equal({ ok: true, version: '4.0' });
    expect(checkCvssVector('CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:A/VC:L/VI:L/VA:N/SC:L/SI:L/SA:L/E:P/U:Amber/MSI:S')).to.include({ ok: true });
  });

  it('says what is wrong with a malformed vector', () => {
    expect(checkCvssVector('AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).to.deep.equal({ ok: false, problem: 'prefix' });
    expect(checkCvssVector('CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P')).to.deep.equal({ ok: false, problem: 'prefix' });
    expect(checkCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).to.deep.equal({ ok: false, problem: 'missing', metric: 'A' });
    expect(checkCvssVector('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).to.deep.equal({ ok: false, problem: 'bad-value', metric: 'AV' });
    expect(checkCvssVector('CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).to.deep.equal({ ok: false, problem: 'repeated', metric: 'AV' });
    expect(checkCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/VC:H')).to.deep.equal({ ok: false, problem: 'unknown-metric', metric: 'VC' });
    expect(checkCvssVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).to.deep.equal({ ok: false, problem: 'bad-value', metric: 'UI' });
    expect(checkCvssVector('CVSS:3.1/AV:N//AC:L')).to.deep.equal({ ok: false, problem: 'syntax' });
    expect(checkCvssVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Purple')).to.deep.equal({ ok: false, problem: 'bad-value', metric: 'U' });
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const result = checkCvssVector(s);
        expect(typeof result.ok).to.equal('boolean');
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A', 'E'), fc.constantFrom('N', 'L', 'H', 'X')), { maxLength: 12 }), (pairs) => {
        const result = checkCvssVector(`CVSS:3.1/${pairs.map(([m, v]) => `${m}:${v}`).join('/')}`);
        if (result.ok) expect(new Set(pairs.map(([m]) => m)).size).to.equal(pairs.length);
      }),
    );
  });
});
