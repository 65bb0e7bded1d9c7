import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import {
  SECURITY_TXT_MAX_BYTES,
  SECURITY_TXT_MAX_LINE_LENGTH,
  SECURITY_TXT_MAX_LINES,
  contactChoices,
  emptySecurityTxtFields,
  mailtoFor,
  parseRfc3339,
  parseSecurityTxt,
  type SecurityTxt,
  type SecurityTxtFields,
  type SecurityTxtProblem,
  type SecurityTxtProblemCode,
} from '../../src/core/security-txt.js';
import { hasForbiddenLineCharacters } from '../../src/core/text-rules.js';

const NOW = new Date('2025-06-01T00:00:00Z');

/** A fixture's bytes as UTF-8 text, BOM kept so the parser sees the file as served. */
async function fixture(name: string): Promise<string> {
  const response = await fetch(new URL(`../fixtures/security-txt/${name}`, import.meta.url));
  if (!response.ok) throw new Error(`fixture ${name}: ${response.status}`);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
}

function fieldsWith(partial: Partial<SecurityTxtFields> = {}): SecurityTxtFields {
  return { ...emptySecurityTxtFields(), other: {}, ...partial };
}

const LISTS = ['contacts', 'encryption', 'acknowledgments', 'policy', 'preferredLanguages', 'canonical', 'hiring', 'csaf'] as const;
const URI_LISTS = ['contacts', 'encryption', 'acknowledgments', 'policy', 'canonical', 'hiring', 'csaf'] as const;
const CODES: SecurityTxtProblemCode[] = [
  'too-large', 'binary', 'html', 'too-many-lines', 'line-too-long', 'invalid-line', 'missing-contact', 'missing-expires',
  'repeated-expires', 'repeated-field', 'malformed-expires', 'expired', 'insecure-uri', 'unsupported-scheme', 'not-a-uri',
  'bare-email', 'malformed-signature', 'outside-signature',
];
const SAFE_PROTOCOLS = ['https:', 'mailto:', 'tel:'];

/** The result shape, whatever the input. */
function expectShape(result: SecurityTxt) {
  expect(Object.keys(result).sort()).to.deep.equal(['fields', 'problems']);
  const { fields, problems } = result;
  for (const key of LISTS) {
    expect(fields[key], key).to.be.an('array');
    for (const value of fields[key]) expect(value, key).to.be.a('string');
  }
  // Every kept URI is one the platform parser reads back to itself.
  for (const key of URI_LISTS) for (const value of fields[key]) expect(new URL(value).href).to.equal(value);
  expect(fields.signed).to.be.a('boolean');
  if (fields.expires !== undefined) expect(parseRfc3339(fields.expires)).to.be.a('number');
  expect(Object.getPrototypeOf(fields.other)).to.equal(null);
  for (const [name, values] of Object.entries(fields.other)) {
    expect(name).to.equal(name.toLowerCase());
    expect(values).to.be.an('array').that.is.not.empty;
  }
  expect(problems).to.be.an('array');
  for (const problem of problems) {
    expect(CODES).to.include(problem.code);
    if (problem.line !== undefined) expect(Number.isInteger(problem.line) && problem.line >= 1).to.equal(true);
  }
  if (problems.some((p) => ['too-large', 'binary', 'html'].includes(p.code))) {
    expect(problems).to.have.length(1);
    expect(fields).to.deep.equal(fieldsWith());
  }
}

function codes(result: SecurityTxt): SecurityTxtProblemCode[] {
  return result.problems.map((p) => p.code);
}

const parse = (text: string) => parseSecurityTxt(text, { now: NOW });

interface CorpusCase {
  fields: Partial<SecurityTxtFields>;
  problems: SecurityTxtProblem[];
  choices?: [kind: string, href: string, label: string][];
}

const SIGNED_FIELDS: Partial<SecurityTxtFields> = {
  contacts: ['mailto:security@example.org', 'https://example.org/report'],
  expires: '2030-06-30T12:00:00Z',
  encryption: ['https://example.org/pgp-key.txt'],
  preferredLanguages: ['en', 'nl'],
  canonical: ['https://example.org/.well-known/security.txt'],
  policy: ['https://example.org/disclosure'],
};
// gpg escaped this line as "- --- the lines…"; it comes back as written, and is still not a field.
const DIVIDER = '--- the lines above are in order of preference ---';

const CORPUS: Record<string, CorpusCase> = {
  'minimal.txt': {
    fields: { contacts: ['mailto:security@example.com'], expires: '2030-01-01T00:00:00.000Z' },
    problems: [],
    choices: [['mailto', 'mailto:security@example.com', 'security@example.com']],
  },
  'full-crlf.txt': {
    fields: {
      contacts: ['https://example.com/security/report', 'mailto:security@example.com', 'tel:+1-201-555-0123'],
      expires: '2030-12-31T23:59:59+01:00',
      encryption: ['https://example.com/.well-known/pgp-key.txt', 'openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f'],
      acknowledgments: ['https://example.com/security/hall-of-fame'],
      preferredLanguages: ['en', 'fr', 'de'],
      canonical: ['https://example.com/.well-known/security.txt'],
      policy: ['https://example.com/security/policy'],
      hiring: ['https://example.com/jobs/security'],
      csaf: ['https://example.com/.well-known/csaf/provider-metadata.json'],
    },
    problems: [],
    choices: [
      ['https', 'https://example.com/security/report', 'example.com/security/report'],
      ['mailto', 'mailto:security@example.com', 'security@example.com'],
      ['tel', 'tel:+1-201-555-0123', '+1-201-555-0123'],
    ],
  },
  'signed-body.txt': {
    fields: SIGNED_FIELDS,
    problems: [{ code: 'invalid-line', line: 4, value: DIVIDER }],
  },
  'signed.txt': {
    fields: { ...SIGNED_FIELDS, signed: true },
    problems: [{ code: 'invalid-line', line: 7, value: DIVIDER }],
    choices: [
      ['mailto', 'mailto:security@example.org', 'security@example.org'],
      ['https', 'https://example.org/report', 'example.org/report'],
    ],
  },
  'signed-crlf.txt': {
    fields: { ...SIGNED_FIELDS, signed: true },
    problems: [{ code: 'invalid-line', line: 7, value: DIVIDER }],
  },
  'comments.txt': {
    fields: {
      contacts: ['mailto:psirt@example.net', 'https://example.net/psirt'],
      expires: '2029-02-28T08:30:00-05:00',
      policy: ['https://example.net/psirt/policy'],
    },
    problems: [],
  },
  'expired.txt': {
    fields: { contacts: ['mailto:security@example.com'], expires: '2021-12-31T23:59:59Z', policy: ['https://example.com/security-policy'] },
    problems: [{ code: 'expired', field: 'expires', value: '2021-12-31T23:59:59Z' }],
  },
  'bare-email.txt': {
    fields: { contacts: ['mailto:security@example.com', 'mailto:backup-security@example.com'], expires: '2030-01-01T00:00:00Z' },
    problems: [
      { code: 'bare-email', line: 1, field: 'contact', value: 'security@example.com' },
      { code: 'not-a-uri', line: 3, field: 'contact', value: 'not an address' },
    ],
    choices: [
      ['mailto', 'mailto:security@example.com', 'security@example.com'],
      ['mailto', 'mailto:backup-security@example.com', 'backup-security@example.com'],
    ],
  },
  'rfc2822-date.txt': {
    fields: { contacts: ['mailto:security@example.com'] },
    problems: [{ code: 'malformed-expires', line: 2, field: 'expires', value: 'Thu, 31 Dec 2026 23:59:59 +0000' }],
  },
  'multiple.txt': {
    fields: {
      contacts: ['mailto:security@example.com', 'https://hackerone.com/example', 'mailto:security@example.com'],
      canonical: ['https://example.com/.well-known/security.txt', 'https://www.example.com/.well-known/security.txt'],
      expires: '2030-01-01T00:00:00Z',
      preferredLanguages: ['en'],
    },
    problems: [
      { code: 'repeated-expires', line: 7, field: 'expires', value: '2031-01-01T00:00:00Z' },
      { code: 'repeated-field', line: 9, field: 'preferred-languages', value: 'de' },
    ],
    // The file lists one address twice; it is offered once.
    choices: [
      ['mailto', 'mailto:security@example.com', 'security@example.com'],
      ['https', 'https://hackerone.com/example', 'hackerone.com/example'],
    ],
  },
  'unknown-fields.txt': {
    fields: {
      contacts: ['mailto:security@example.com'],
      expires: '2030-01-01T00:00:00Z',
      acknowledgments: ['https://example.com/thanks'],
      other: {
        'bug-bounty': ['https://example.com/bounty'],
        'x-response-time': ['72 hours', '5 business days'],
        signature: ['https://example.com/.well-known/security.txt.sig'],
        // Defined, not assigned: `{ __proto__: [...] }` would set the prototype.
        ...Object.fromEntries([
          ['__proto__', ['not special']],
          ['constructor', ['not special either']],
        ]),
      },
    },
    problems: [],
  },
  'mixed-case.txt': {
    fields: {
      contacts: ['mailto:SECURITY@Example.COM', 'https://example.com/Report'],
      expires: '2030-01-01t00:00:00z',
      preferredLanguages: ['EN', 'es'],
      policy: ['https://example.com/policy'],
    },
    problems: [],
    choices: [
      ['mailto', 'mailto:SECURITY@Example.COM', 'SECURITY@Example.COM'],
      ['https', 'https://example.com/Report', 'example.com/Report'],
    ],
  },
  'insecure.txt': {
    fields: {
      contacts: ['http://example.com/security', 'mailto:security@example.com', 'ftp://example.com/report.txt'],
      expires: '2030-01-01T00:00:00Z',
      policy: ['http://example.com/policy'],
      encryption: ['dns:5d2d37ab76d47d36._openpgpkey.example.com?type=OPENPGPKEY'],
      hiring: ['https://example.com/jobs'],
    },
    problems: [
      { code: 'insecure-uri', line: 1, field: 'contact', value: 'http://example.com/security' },
      { code: 'unsupported-scheme', line: 2, field: 'contact', value: 'javascript:alert(document.domain)' },
      { code: 'insecure-uri', line: 4, field: 'contact', value: 'ftp://example.com/report.txt' },
      { code: 'insecure-uri', line: 6, field: 'policy', value: 'http://example.com/policy' },
      { code: 'unsupported-scheme', line: 8, field: 'acknowledgments', value: 'data:text/html,<script>alert(1)</script>' },
    ],
    choices: [['mailto', 'mailto:security@example.com', 'security@example.com']],
  },
  'lone-cr.txt': {
    fields: { contacts: ['mailto:security@example.com', 'tel:+44-20-7946-0000'], expires: '2030-01-01T00:00:00Z' },
    problems: [],
  },
  'missing-fields.txt': {
    fields: { policy: ['https://example.com/policy'] },
    problems: [{ code: 'missing-contact' }, { code: 'missing-expires' }],
    choices: [],
  },
  'invalid-lines.txt': {
    fields: { contacts: ['mailto:security@example.com'], expires: '2030-01-01T00:00:00Z' },
    problems: [
      { code: 'invalid-line', line: 1, value: 'Contact mailto:security@example.com' },
      { code: 'invalid-line', line: 3, value: 'https://example.com/security' },
      { code: 'invalid-line', line: 4, value: ': no name' },
      { code: 'invalid-line', line: 5, value: 'Contact:' },
      { code: 'invalid-line', line: 6, value: 'Field Name: spaces are not allowed in names' },
      { code: 'invalid-line', line: 8, value: 'Expires at: 2031-01-01' },
    ],
  },
  'html-instead.html': { fields: {}, problems: [{ code: 'html' }], choices: [] },
  'binary.bin': { fields: {}, problems: [{ code: 'binary' }], choices: [] },
  'binary-no-nul.bin': { fields: {}, problems: [{ code: 'binary' }] },
  'too-large.txt': { fields: {}, problems: [{ code: 'too-large' }] },
  'long-lines.txt': {
    fields: { contacts: ['mailto:security@example.com'], expires: '2030-01-01T00:00:00Z', hiring: ['https://example.com/jobs'] },
    problems: [
      { code: 'line-too-long', line: 2 },
      { code: 'line-too-long', line: 4 },
    ],
  },
};

describe('parseSecurityTxt', () => {
  describe('on the fixture corpus', () => {
    for (const [name, expected] of Object.entries(CORPUS)) {
      it(`reads ${name} into the expected fields and problems`, async () => {
        const result = parse(await fixture(name));
        expectShape(result);
        expect(result.fields).to.deep.equal(fieldsWith(expected.fields));
        expect(result.problems).to.deep.equal(expected.problems);
        if (expected.choices) {
          expect(contactChoices(result.fields).map((c) => [c.kind, c.href, c.label])).to.deep.equal(expected.choices);
        }
      });
    }

    it('reads a signed file exactly as its unsigned body, apart from `signed` and line numbers', async () => {
      const body = parse(await fixture('signed-body.txt'));
      for (const name of ['signed.txt', 'signed-crlf.txt']) {
        const signed = parse(await fixture(name));
        expect({ ...signed.fields, signed: false }).to.deep.equal(body.fields);
        expect(signed.problems).to.deep.equal(body.problems.map((p) => ({ ...p, line: p.line! + 3 })));
      }
    });

    it('keeps unknown fields without touching Object.prototype', async () => {
      const { fields } = parse(await fixture('unknown-fields.txt'));
      expect(Object.getPrototypeOf(fields.other)).to.equal(null);
      expect(Object.hasOwn(fields.other, '__proto__')).to.equal(true);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
      expect(Object.getPrototypeOf({})).to.equal(Object.prototype);
    });
  });

  describe('line handling', () => {
    it('accepts CRLF, LF and lone CR line endings, mixed in one file', () => {
      const result = parse('Contact: mailto:a@example.com\r\nContact: mailto:b@example.com\rExpires: 2030-01-01T00:00:00Z\nPolicy: https://example.com/p');
      expect(result.fields.contacts).to.deep.equal(['mailto:a@example.com', 'mailto:b@example.com']);
      expect(result.fields.policy).to.deep.equal(['https://example.com/p']);
      expect(result.problems).to.deep.equal([]);
    });

    it('numbers lines as written, counting a CRLF once', () => {
      const result = parse('# a\r\n\r\nnonsense\r\n');
      expect(result.problems[0]).to.deep.equal({ code: 'invalid-line', line: 3, value: 'nonsense' });
    });

    it('ignores a UTF-8 byte order mark', () => {
      expect(parse('\uFEFFContact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z').problems).to.deep.equal([]);
    });

    it('accepts a known field without the space after the colon, but not an unknown one', () => {
      const result = parse('Contact:mailto:a@example.com\nExpires:2030-01-01T00:00:00Z\nX-Thing:value');
      expect(result.fields.contacts).to.deep.equal(['mailto:a@example.com']);
      expect(result.fields.expires).to.equal('2030-01-01T00:00:00Z');
      expect(result.problems).to.deep.equal([{ code: 'invalid-line', line: 3, value: 'X-Thing:value' }]);
    });

    it('refuses values holding control characters or bidirectional overrides', () => {
      const result = parse('Contact: mailto:a\u202Egnp@example.com\nContact: mailto:b\u0007@example.com\nX-Note: tab\tinside is fine\nExpires: 2030-01-01T00:00:00Z');
      expect(result.fields.contacts).to.deep.equal([]);
      expect(codes(result)).to.deep.equal(['invalid-line', 'invalid-line', 'missing-contact']);
      expect(result.fields.other['x-note']).to.deep.equal(['tab\tinside is fine']);
    });

    it(`skips lines longer than ${SECURITY_TXT_MAX_LINE_LENGTH} characters and reads the rest`, () => {
      const long = `Contact: https://example.com/${'a'.repeat(SECURITY_TXT_MAX_LINE_LENGTH)}`;
      const edge = `X-Edge: ${'b'.repeat(SECURITY_TXT_MAX_LINE_LENGTH - 8)}`;
      const result = parse(`${long}\nContact: mailto:a@example.com\n${edge}\nExpires: 2030-01-01T00:00:00Z`);
      expect(result.fields.contacts).to.deep.equal(['mailto:a@example.com']);
      expect(result.fields.other['x-edge']![0]).to.have.length(SECURITY_TXT_MAX_LINE_LENGTH - 8);
      expect(result.problems).to.deep.equal([{ code: 'line-too-long', line: 1 }]);
    });

    it(`stops reading after ${SECURITY_TXT_MAX_LINES} lines`, () => {
      const text = `Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\n${'#\n'.repeat(SECURITY_TXT_MAX_LINES)}Policy: https://example.com/p`;
      const result = parse(text);
      expect(result.fields.policy).to.deep.equal([]);
      expect(result.problems).to.deep.equal([{ code: 'too-many-lines', line: SECURITY_TXT_MAX_LINES + 1 }]);
    });
  });

  describe('whole-file refusals', () => {
    it(`reads exactly ${SECURITY_TXT_MAX_BYTES} UTF-8 bytes and refuses one more`, () => {
      let fits = 'Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\n';
      fits += `#${'x'.repeat(98)}\n`.repeat(Math.floor((SECURITY_TXT_MAX_BYTES - fits.length) / 100));
      fits += '#'.padEnd(SECURITY_TXT_MAX_BYTES - fits.length, 'y');
      expect(fits.length).to.equal(SECURITY_TXT_MAX_BYTES);
      expect(codes(parse(fits))).to.deep.equal([]);
      expect(codes(parse(fits + 'x'))).to.deep.equal(['too-large']);
    });

    it('counts UTF-8 bytes, not characters: "#" and 16 384 × "é" make 32 769 bytes', () => {
      const text = `#${'é'.repeat(16_384)}`;
      expect(text.length).to.be.lessThan(SECURITY_TXT_MAX_BYTES);
      expect(codes(parse(text))).to.deep.equal(['too-large']);
    });

    it('refuses text with a NUL, or with many control characters, as binary', () => {
      expect(codes(parse('Contact: mailto:a@example.com\0\nExpires: 2030-01-01T00:00:00Z'))).to.deep.equal(['binary']);
      expect(codes(parse('\x1F\x8B\x08\x07\x03\x02\x01 Contact: x'))).to.deep.equal(['binary']);
      // One stray control character in a real file costs only its line.
      const stray = parse('Contact: mailto:a@example.com\nX-Bell: \x07\nExpires: 2030-01-01T00:00:00Z');
      expect(codes(stray)).to.deep.equal(['invalid-line']);
    });

    it('refuses an HTML page, whatever its first tag, but not a file that merely mentions HTML', () => {
      for (const page of ['<!doctype html><title>404</title>', '  \n<HTML><body>Not found</body></HTML>', '<head><meta charset=utf-8>']) {
        expect(codes(parse(page)), page).to.deep.equal(['html']);
      }
      const text = parse('Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\nX-Note: we render <html> nowhere');
      expect(codes(text)).to.deep.equal([]);
    });

    it('reports an empty file as missing both required fields', () => {
      expect(parse('')).to.deep.equal({ fields: fieldsWith(), problems: [{ code: 'missing-contact' }, { code: 'missing-expires' }] });
    });
  });

  describe('OpenPGP cleartext signatures', () => {
    const SIGNATURE = '-----BEGIN PGP SIGNATURE-----\n\niHUEARYKAB0WIQ==\n=abcd\n-----END PGP SIGNATURE-----';
    const wrap = (body: string) => `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${body}\n${SIGNATURE}\n`;

    it('reads the body, restores dash-escaped lines and says signed without verifying anything', () => {
      const result = parse(wrap('Contact: mailto:a@example.com\n- -X-Dash: kept\nExpires: 2030-01-01T00:00:00Z'));
      expect(result.fields.signed).to.equal(true);
      expect(result.fields.contacts).to.deep.equal(['mailto:a@example.com']);
      expect(result.fields.other['-x-dash']).to.deep.equal(['kept']);
      expect(result.problems).to.deep.equal([]);
    });

    it('skips any number of armor headers before the blank line', () => {
      const text = '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\nHash: SHA512\n\nContact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\n' + SIGNATURE;
      expect(parse(text).fields.signed).to.equal(true);
      expect(parse(text).problems).to.deep.equal([]);
    });

    it('does not read lines after the signature, which it does not cover', () => {
      const result = parse(`${wrap('Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z')}\n# fine\nContact: https://attacker.example/\n`);
      expect(result.fields.contacts).to.deep.equal(['mailto:a@example.com']);
      expect(result.problems).to.deep.equal([{ code: 'outside-signature', line: 13 }]);
    });

    it('reports a signed message whose signature never comes, and does not call it signed', () => {
      const result = parse('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\n');
      expect(result.fields.signed).to.equal(false);
      expect(result.fields.contacts).to.deep.equal(['mailto:a@example.com']);
      expect(codes(result)).to.deep.equal(['malformed-signature']);
      expect(parse('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@example.com\n-----BEGIN PGP SIGNATURE-----\nabc').fields.signed).to.equal(false);
    });

    it('treats signature markers in the middle of an unsigned file as invalid lines', () => {
      const result = parse('Contact: mailto:a@example.com\n-----BEGIN PGP SIGNED MESSAGE-----\nExpires: 2030-01-01T00:00:00Z');
      expect(result.fields.signed).to.equal(false);
      expect(result.problems).to.deep.equal([{ code: 'invalid-line', line: 2, value: '-----BEGIN PGP SIGNED MESSAGE-----' }]);
    });
  });

  describe('Expires', () => {
    const valid: [string, string][] = [
      ['2030-01-01T00:00:00Z', '2030-01-01T00:00:00.000Z'],
      ['2030-01-01T01:00:00+01:00', '2030-01-01T00:00:00.000Z'],
      ['2029-12-31T19:00:00-05:00', '2030-01-01T00:00:00.000Z'],
      ['2030-01-01T05:30:00.250+05:30', '2030-01-01T00:00:00.250Z'],
      ['2028-02-29T12:00:00z', '2028-02-29T12:00:00.000Z'],
      ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.000Z'],
      ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00.000Z'],
    ];
    for (const [value, instant] of valid) {
      it(`reads ${value} as ${instant}`, () => {
        expect(new Date(parseRfc3339(value)!).toISOString()).to.equal(instant);
      });
    }

    const invalid = [
      'Thu, 31 Dec 2026 23:59:59 +0000',
      '2030-01-01',
      '2030-01-01T00:00Z',
      '2030-01-01T00:00:00',
      '2030-01-01 00:00:00Z',
      '2030-02-29T00:00:00Z',
      '2030-13-01T00:00:00Z',
      '2030-01-01T24:00:00Z',
      '2030-01-01T00:00:00+24:00',
      '2030-1-1T00:00:00Z',
      '+02030-01-01T00:00:00Z',
      '٢٠٣٠-01-01T00:00:00Z',
    ];
    for (const value of invalid) {
      it(`reports ${JSON.stringify(value)} as malformed and keeps no Expires`, () => {
        expect(parseRfc3339(value)).to.equal(undefined);
        const result = parse(`Contact: mailto:a@example.com\nExpires: ${value}`);
        expect(result.fields.expires).to.equal(undefined);
        expect(result.problems).to.deep.equal([{ code: 'malformed-expires', line: 2, field: 'expires', value }]);
      });
    }

    it('is expired from the very instant it names', () => {
      const text = 'Contact: mailto:a@example.com\nExpires: 2025-06-01T02:00:00+02:00';
      expect(codes(parseSecurityTxt(text, { now: NOW }))).to.deep.equal(['expired']);
      expect(codes(parseSecurityTxt(text, { now: new Date(NOW.getTime() - 1) }))).to.deep.equal([]);
    });

    it('compares with the current time when no `now` is given', () => {
      expect(codes(parseSecurityTxt('Contact: mailto:a@example.com\nExpires: 2000-01-01T00:00:00Z'))).to.deep.equal(['expired']);
      const next = new Date(Date.now() + 86_400_000).toISOString();
      expect(codes(parseSecurityTxt(`Contact: mailto:a@example.com\nExpires: ${next}`))).to.deep.equal([]);
    });

    it('keeps the first of repeated Expires, even when the first is malformed', () => {
      const result = parse('Contact: mailto:a@example.com\nExpires: tomorrow\nExpires: 2030-01-01T00:00:00Z');
      expect(result.fields.expires).to.equal(undefined);
      expect(codes(result)).to.deep.equal(['malformed-expires', 'repeated-expires']);
    });
  });

  describe('URIs', () => {
    it('keeps the URL parser’s serialisation of each URI', () => {
      const result = parse('Contact: HTTPS://Example.COM:443/a b\nContact: MAILTO:x@example.com\nExpires: 2030-01-01T00:00:00Z');
      expect(result.fields.contacts).to.deep.equal(['https://example.com/a%20b', 'mailto:x@example.com']);
    });

    it('accepts openpgp4fpr: and dns: for Encryption only', () => {
      const result = parse('Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\nEncryption: openpgp4fpr:5F2DE552\nPolicy: openpgp4fpr:5F2DE552\nContact: dns:x.example.com');
      expect(result.fields.encryption).to.deep.equal(['openpgp4fpr:5F2DE552']);
      expect(result.fields.policy).to.deep.equal([]);
      expect(result.problems.map((p) => [p.code, p.field])).to.deep.equal([
        ['unsupported-scheme', 'policy'],
        ['unsupported-scheme', 'contact'],
      ]);
    });

    it('reports a relative or unparsable URI as not a URI', () => {
      const result = parse('Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\nCanonical: /.well-known/security.txt\nPolicy: https://example.com:99999/');
      expect(result.problems.map((p) => [p.code, p.field])).to.deep.equal([
        ['not-a-uri', 'canonical'],
        ['not-a-uri', 'policy'],
      ]);
    });

    it('accepts the common "Acknowledgements" spelling', () => {
      expect(parse('Acknowledgements: https://example.com/thanks').fields.acknowledgments).to.deep.equal(['https://example.com/thanks']);
    });
  });

  describe('properties', () => {
    const lineSoup = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'Contact: ', 'contact:', 'Expires: ', 'Preferred-Languages: ', 'Encryption: ', 'Policy:', '__proto__: ', 'constructor:',
            '-----BEGIN PGP SIGNED MESSAGE-----', '-----BEGIN PGP SIGNATURE-----', '-----END PGP SIGNATURE-----', 'Hash: SHA512',
            '- ', '#', ':', '\n', '\r\n', '\r', '\t', ' ', 'mailto:', 'https://', 'http://', 'javascript:', '<html>', '\uFEFF', '\0',
            '2030-01-01T00:00:00Z', 'security@example.com', '%', '\u202E',
          ),
          fc.string({ maxLength: 20 }),
        ),
        { maxLength: 80 },
      )
      .map((parts) => parts.join(''));

    it('never throws and always returns the shape, for arbitrary strings', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 2000 }), fc.string({ unit: 'grapheme', maxLength: 500 }), lineSoup), (text) => {
          expectShape(parse(text));
        }),
        { numRuns: 300 },
      );
    });

    it('never throws and always returns the shape, for arbitrary bytes decoded as UTF-8', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
          expectShape(parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes)));
        }),
        { numRuns: 200 },
      );
    });

    const httpsUrl = fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }).filter((u) => URL.canParse(u) && u.length < 500);
    const email = fc.emailAddress().filter((e) => e.length < 200);
    const tel = fc.stringMatching(/^\+[1-9]\d{0,2}-\d{3}-\d{4}$/).map((n) => `tel:${n}`);
    const contactValue = fc.oneof(email.map(mailtoFor), httpsUrl, tel);
    const fieldCase = fc.constantFrom<(name: string) => string>(
      (n) => n,
      (n) => n.toUpperCase(),
      (n) => n.toLowerCase(),
      (n) => [...n].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(''),
    );
    const entry = fc.oneof(
      fc.record({ kind: fc.constant('contact' as const), name: fc.constant('Contact'), value: contactValue }),
      fc.record({ kind: fc.constant('policy' as const), name: fc.constant('Policy'), value: httpsUrl }),
      fc.record({
        kind: fc.constant('other' as const),
        name: fc.stringMatching(/^X-[A-Za-z0-9-]{1,12}$/),
        value: fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/),
      }),
    );
    const layout = fc.record({
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      lead: fc.constantFrom('', ' ', '\t'),
      gap: fc.constantFrom(' ', '  ', '\t'),
      trail: fc.constantFrom('', ' ', '\t '),
      comment: fc.boolean(),
      blank: fc.boolean(),
    });

    it('gives back randomly generated Contact, Policy and extension fields, in order, from any layout', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(entry, fieldCase, layout), { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'), (entries, eol) => {
          const lines = ['Expires: 2030-01-01T00:00:00Z'];
          for (const [{ name, value }, spell, look] of entries) {
            if (look.comment) lines.push(`# ${name}: ${value}`);
            if (look.blank) lines.push(look.lead);
            lines.push(`${look.lead}${spell(name)}:${look.gap}${value}${look.trail}`);
          }
          const result = parse(lines.join(eol));
          const of = (kind: string) => entries.filter(([e]) => e.kind === kind).map(([e]) => e);
          expect(result.fields.contacts).to.deep.equal(of('contact').map((e) => new URL(e.value).href));
          expect(result.fields.policy).to.deep.equal(of('policy').map((e) => new URL(e.value).href));
          const other: Record<string, string[]> = {};
          for (const e of of('other')) (other[e.name.toLowerCase()] ??= []).push(e.value);
          expect({ ...result.fields.other }).to.deep.equal(other);
          const expectedCodes = of('contact').length === 0 ? ['missing-contact'] : [];
          expect(codes(result)).to.deep.equal(expectedCodes);
        }),
        { numRuns: 200 },
      );
    });

    it('keeps a bare address whole, whatever URL characters its local part holds', () => {
      // Found by the property below in WebKit: the local part was cut at '#', or refused.
      const [contact] = contactChoices(parse('Contact: //a.^a.#a.a@a.aa\nExpires: 2030-01-01T00:00:00Z').fields);
      expect(contact?.label).to.equal('//a.^a.#a.a@a.aa');
    });

    it('turns bare e-mail addresses into mailto: contacts and reports each', () => {
      fc.assert(
        fc.property(fc.array(email, { minLength: 1, maxLength: 5 }), (addresses) => {
          const result = parse(`${addresses.map((a) => `Contact: ${a}`).join('\n')}\nExpires: 2030-01-01T00:00:00Z`);
          expect(result.fields.contacts).to.deep.equal(addresses.map((a) => new URL(mailtoFor(a)).href));
          expect(result.problems).to.deep.equal(addresses.map((value, i) => ({ code: 'bare-email', line: i + 1, field: 'contact', value })));
        }),
      );
    });

    it('reads a signed file exactly as the same file unsigned, dash-escaping included', () => {
      const printable = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !/[\0-\x08\x0A-\x1F\x7F\uFFFD<]/.test(s));
      const line = fc.oneof(
        fc.tuple(entry, fieldCase).map(([e, spell]) => `${spell(e.name)}: ${e.value}`),
        fc.constant('Expires: 2030-01-01T00:00:00Z'),
        printable.map((s) => `# ${s}`),
        printable.map((s) => `-${s}`),
        printable.map((s) => `- ${s}`),
        fc.constantFrom('', '-----BEGIN PGP SIGNATURE-----', '-----END PGP SIGNATURE-----', '- -', '--'),
        printable,
      );
      fc.assert(
        fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
          fc.pre(lines.find((l) => l.trim() !== '')?.trim() !== '-----BEGIN PGP SIGNED MESSAGE-----');
          const escaped = lines.map((l) => (l.startsWith('-') ? `- ${l}` : l));
          const signed = ['-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA512', '', ...escaped, '-----BEGIN PGP SIGNATURE-----', '', 'iQ==', '-----END PGP SIGNATURE-----', ''];
          const plain = parse(lines.join(eol));
          const wrapped = parse(signed.join(eol));
          expect(wrapped.fields.signed).to.equal(true);
          expect({ ...wrapped.fields, signed: false }).to.deep.equal(plain.fields);
          expect(wrapped.problems).to.deep.equal(plain.problems.map((p) => (p.line === undefined ? p : { ...p, line: p.line + 3 })));
        }),
        { numRuns: 200 },
      );
    });

    it('reports `expired` exactly when Expires is at or before `now`, whatever the offset', () => {
      const instant = fc.date({ min: new Date('1000-01-02T00:00:00Z'), max: new Date('9998-12-30T00:00:00Z'), noInvalidDate: true });
      fc.assert(
        fc.property(instant, instant, fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), fc.boolean(), (expires, now, offset, sameInstant) => {
          const at = sameInstant ? now : expires;
          const wall = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, -1);
          const abs = Math.abs(offset);
          const stamp = `${wall}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseRfc3339(stamp)).to.equal(at.getTime());
          const result = parseSecurityTxt(`Contact: mailto:a@example.com\nExpires: ${stamp}`, { now });
          expect(result.fields.expires).to.equal(stamp);
          expect(codes(result)).to.deep.equal(at.getTime() <= now.getTime() ? ['expired'] : []);
        }),
        { numRuns: 300 },
      );
    });

    it('reports `insecure-uri` for http:, ws: and ftp: in every URI field, and never for https:', () => {
      const field = fc.constantFrom('Contact', 'Encryption', 'Policy', 'Acknowledgments', 'Canonical', 'Hiring', 'CSAF');
      const path = fc.webUrl({ validSchemes: ['https'] }).filter((u) => URL.canParse(u)).map((u) => u.slice('https:'.length));
      fc.assert(
        fc.property(field, fc.constantFrom('http:', 'ws:', 'ftp:', 'HTTP:'), path, (name, scheme, rest) => {
          const insecure = parse(`Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\n${name}: ${scheme}${rest}`);
          expect(insecure.problems.map((p) => [p.code, p.line, p.field])).to.deep.equal([['insecure-uri', 3, name.toLowerCase()]]);
          expect(contactChoices(insecure.fields).every((c) => c.kind === 'mailto')).to.equal(true);
          const secure = parse(`Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z\n${name}: https:${rest}`);
          expect(secure.problems).to.deep.equal([]);
        }),
      );
    });

    it('never offers a contact whose href is not https:, mailto: or tel:', () => {
      const prefix = fc.constantFrom(
        'javascript:', 'JavaScript:', ' javascript:', '\tjava\nscript:', 'java\tscript:', 'data:', 'vbscript:', 'blob:', 'file:',
        'mailto:', 'MAILTO:', 'tel:', 'https:', 'https://', 'HTTPS://', 'http://', 'https://user:pw@', '',
      );
      const contact = fc.oneof(fc.tuple(prefix, fc.string({ unit: 'binary', maxLength: 40 })).map(([p, s]) => p + s), fc.webUrl(), fc.string());
      fc.assert(
        fc.property(fc.array(contact, { maxLength: 10 }), (contacts) => {
          const choices = [
            ...contactChoices({ contacts }),
            ...contactChoices(parse(contacts.map((c) => `Contact: ${c}`).join('\n')).fields),
          ];
          for (const choice of choices) expectSafeChoice(choice);
        }),
        { numRuns: 300 },
      );
    });

    it('never offers an unsafe contact for any input of the web-platform-tests URL corpus', async () => {
      const response = await fetch(new URL('../fixtures/wpt-urltestdata.json', import.meta.url));
      const inputs = ((await response.json()) as unknown[])
        .filter((c): c is { input: string } => typeof c === 'object' && c !== null)
        .map((c) => c.input);
      const choices = contactChoices({ contacts: inputs });
      expect(choices.length).to.be.greaterThan(10);
      for (const choice of choices) expectSafeChoice(choice);
    });
  });
});

function expectSafeChoice(choice: ReturnType<typeof contactChoices>[number]) {
  const url = new URL(choice.href);
  expect(SAFE_PROTOCOLS).to.include(url.protocol);
  expect(choice.kind).to.equal(url.protocol.slice(0, -1));
  expect(url.href).to.equal(choice.href);
  expect(url.username + url.password).to.equal('');
  expect(hasForbiddenLineCharacters(choice.label)).to.equal(false);
}

describe('contactChoices', () => {
  it('labels each contact by its address, number, or host and path', () => {
    const choices = contactChoices({
      contacts: [
        'mailto:s%C3%A9curit%C3%A9@example.fr?subject=Vulnerability',
        'tel:+1%20201%20555%200123',
        'https://bücher.example/',
        'https://example.com/report%20here?via=txt',
      ],
    });
    expect(choices).to.deep.equal([
      { kind: 'mailto', href: 'mailto:s%C3%A9curit%C3%A9@example.fr?subject=Vulnerability', label: 'sécurité@example.fr' },
      { kind: 'tel', href: 'tel:+1%20201%20555%200123', label: '+1 201 555 0123' },
      // Punycode, as the parser gives it: a look-alike host cannot pass as another.
      { kind: 'https', href: 'https://xn--bcher-kva.example/', label: 'xn--bcher-kva.example' },
      { kind: 'https', href: 'https://example.com/report%20here?via=txt', label: 'example.com/report here' },
    ]);
  });

  it('keeps a label percent-encoded when decoding would reveal control or bidi characters', () => {
    expect(contactChoices({ contacts: ['mailto:a%E2%80%AEmoc.evil@example.com', 'mailto:a%0A@example.com', 'mailto:%E0%A4%A@x.example'] }).map((c) => c.label)).to.deep.equal([
      'a%E2%80%AEmoc.evil@example.com',
      'a%0A@example.com',
      '%E0%A4%A@x.example',
    ]);
  });

  it('drops http:, javascript:, data:, credentials, empty addresses and duplicates', () => {
    const choices = contactChoices({
      contacts: [
        'http://example.com/',
        'javascript:alert(1)',
        ' JavaScript:alert(1)',
        'data:text/html,x',
        'https://user:pw@example.com/',
        'mailto:',
        'mailto:?subject=x',
        'tel:',
        'not a uri',
        'https://example.com/',
        'HTTPS://EXAMPLE.COM',
      ],
    });
    expect(choices).to.deep.equal([{ kind: 'https', href: 'https://example.com/', label: 'example.com' }]);
  });
});
