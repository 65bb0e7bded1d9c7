import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import { findSecrets, REMOVED, removeSecrets } from '../../src/core/secrets.js';

// Fake credentials, some from vendors' own documentation, assembled at run time so that no secret
// scanner mistakes this file for a leak.
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7EXAMPLE\nNOTAREALKEYNOTAREALKEYNOTAREALKEY==';
const SAMPLES: readonly (readonly [string, string])[] = [
  ['aws-access-key-id', 'AKIA' + 'IOSFODNN7EXAMPLE'],
  ['aws-access-key-id', 'ASIA' + 'IOSFODNN7EXAMPLE'],
  ['aws-secret-access-key', 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY'],
  ['github-token', 'ghp_' + 'EXAMPLE0'.repeat(4) + 'EXAM'],
  ['github-token', 'gho_' + 'x1'.repeat(18)],
  ['github-token', 'github_pat_' + '11EXAMPLE0_'.repeat(6)],
  ['slack-token', 'xox' + 'b-0000000000-0000000000000-EXAMPLEexample'],
  ['slack-token', 'xox' + 'p-0000000000-EXAMPLE'],
  ['stripe-key', 'sk_' + 'live_' + 'EXAMPLE0'.repeat(3)],
  ['stripe-key', 'rk_' + 'live_' + 'EXAMPLE0'.repeat(3)],
  ['google-api-key', 'AIza' + 'SyEXAMPLE-EXAMPLE_EXAMPLE-EXAMPLE00'],
  ['jwt', JWT],
  ['private-key', `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`],
  ['private-key', `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`],
  ['private-key', `-----BEGIN EC PRIVATE KEY-----\n${PEM_BODY}\n-----END EC PRIVATE KEY-----`],
  ['private-key', `-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}\n-----END OPENSSH PRIVATE KEY-----`],
  ['private-key', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${PEM_BODY}\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----`],
];

/** A sample as it appears in text: an AWS secret key is only recognised by the name before it. */
const inContext = (kind: string, secret: string) => (kind === 'aws-secret-access-key' ? `aws_secret_access_key = ${secret}` : secret);

/** The secret parts of `text`, as found. */
const found = (text: string) => findSecrets(text).map(({ kind, start, end }) => [kind, text.slice(start, end)]);

describe('findSecrets', () => {
  it('finds each kind of credential, exactly where it is in the text', () => {
    for (const [kind, secret] of SAMPLES) {
      const text = `Hi, my config is:\n${inContext(kind, secret)}\nand it fails.`;
      expect(found(text), kind).to.deep.equal([[kind, secret]]);
    }
  });

  it('finds bearer tokens and password or key assignments, but keeps their names', () => {
    expect(found('curl -H "Authorization: Bearer abcdef0123456789abcdef" https://api.example')).to.deep.equal([
      ['authorization', 'abcdef0123456789abcdef'],
    ]);
    expect(found('DB_PASSWORD=correcthorsebattery')).to.deep.equal([['credential', 'correcthorsebattery']]);
    expect(found('{"api_key": "a8f5f167f44f4964e6c998dee827110c"}')).to.deep.equal([['credential', 'a8f5f167f44f4964e6c998dee827110c']]);
    expect(found('client_secret: Zm9vYmFyMTIz')).to.deep.equal([['credential', 'Zm9vYmFyMTIz']]);
    expect(found('my login is ada, password: hunter2hunter2')).to.deep.equal([['credential', 'hunter2hunter2']]);
  });

  it('treats a private key without its END line as running to the end of the text', () => {
    const text = `here it is\n-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}\nthanks`;
    expect(findSecrets(text)).to.deep.equal([{ kind: 'private-key', start: 11, end: text.length }]);
  });

  it('leaves ordinary messages about passwords, keys and tokens alone', () => {
    const prose = [
      'I forgot my password and the reset link never arrives.',
      'Password: forgotten. Username: ada. Please help!',
      'The password field says "too short" even with 12 characters.',
      'Where do I find my API key? The docs say Settings > API.',
      'Authorization: Bearer tokens expire after 1 hour, right?',
      'Our access token expired yesterday, and the secret key page is blank.',
      'Order AKIA-123 was charged twice (invoice 2025-03-14).',
      'See https://shop.example/help?page=2&sort=asc#billing for details.',
      'Bearer bonds, eyJ? No idea what that is.',
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
      'Ich habe mein Passwort vergessen: können Sie helfen?',
    ];
    for (const text of prose) expect(findSecrets(text), text).to.deep.equal([]);
  });

  it('never flags sentences of lowercase words, even ones that name secrets', () => {
    const word = fc.oneof(
      fc.constantFrom('password', 'passwd', 'pwd', 'api', 'key', 'apikey', 'token', 'secret', 'bearer', 'authorization', 'basic', 'private', 'begin', 'eyj', 'akia', 'ghp', 'xoxb', 'aiza'),
      fc.stringMatching(/^[a-z]{1,14}$/),
    );
    const separator = fc.constantFrom(' ', ', ', ': ', '. ', ' - ', '\n', '? ');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, separator), { maxLength: 40 }), (parts) => {
        const text = parts.map(([w, s]) => w + s).join('');
        expect(findSecrets(text)).to.deep.equal([]);
      }),
    );
  });
});

describe('removeSecrets', () => {
  it('replaces each secret with a plain marker and keeps the rest of the message', () => {
    expect(removeSecrets(`key ${SAMPLES[0]?.[1]} and password=hunter2hunter2 thanks`)).to.equal(
      `key ${REMOVED} and password=${REMOVED} thanks`,
    );
    expect(removeSecrets(`a\n${SAMPLES[12]?.[1]}\nb`)).to.equal(`a\n${REMOVED}\nb`);
    expect(removeSecrets('nothing to see')).to.equal('nothing to see');
  });

  it('leaves nothing detectable behind, whatever surrounds the secrets', () => {
    const piece = fc.oneof(
      fc.constantFrom(...SAMPLES.map(([kind, secret]) => inContext(kind, secret)), 'password=', 'Authorization: Bearer ', 'aws_secret_access_key=', '-----BEGIN RSA PRIVATE KEY-----', 'api_key: '),
      fc.string({ maxLength: 20 }),
      fc.constantFrom(' ', '\n', '"', '=', ':', ': ', '.', '-', '_', '0'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(findSecrets(removeSecrets(text))).to.deep.equal([]);
        if (findSecrets(text).length === 0) expect(removeSecrets(text)).to.equal(text);
      }),
    );
  });

  it('keeps every secret sample out of the result', () => {
    for (const [kind, secret] of SAMPLES) {
      const cleaned = removeSecrets(`x ${inContext(kind, secret)} y`);
      expect(cleaned, kind).to.equal(`x ${inContext(kind, REMOVED)} y`);
    }
  });
});

describe('scanning hostile input', () => {
  // A backtracking guard, not a benchmark: a pattern that backtracks takes minutes on these.
  const units = [
    'eyJ', 'eyJ-', 'eyJa.', 'eyJaaaaa.eyJ-', 'AKIA', 'AIza-', 'ghp_', 'xoxb-', 'sk_live_', '-----BEGIN',
    '-----BEGIN RSA PRIVATE KEY-----', '-----END PRIVATE KEY-----', 'password=', 'password:', 'password: ',
    'api_key:', 'Authorization: Bearer ', 'aws_secret_access_key=', 'a', ' ',
    // Many real finds, and finds whose removal reveals another.
    'AKIA' + 'IOSFODNN7EXAMPLE ', 'xox' + 'b-0000000000 ', 'eyJaaaaa.', 'api_key: :-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----0 ',
  ];
  for (const unit of units) {
    it(`scans 5 MB of ${JSON.stringify(unit)} repeated in well under a second`, () => {
      const text = unit.repeat(Math.ceil(5_000_000 / unit.length));
      const started = performance.now();
      removeSecrets(text);
      expect(performance.now() - started).to.be.below(2000);
    });
  }
});
