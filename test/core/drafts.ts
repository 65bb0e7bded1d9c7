/** What a customer typed, as the forms hand it to core: valid by default, overridable per test. */
import type { ContactDraft } from '../../src/core/payload.js';
import type { SecurityDraft } from '../../src/core/security-payload.js';

export function contactDraft(overrides: Partial<ContactDraft> = {}): ContactDraft {
  return {
    kind: 'contact',
    topic: 'billing',
    topicOther: '',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    message: 'My invoice for March is charged twice.',
    reference: '',
    escalate: false,
    ...overrides,
  };
}

export function securityDraft(overrides: Partial<SecurityDraft> = {}): SecurityDraft {
  return {
    summary: 'Stored XSS in the order notes field',
    asset: 'https://shop.example/orders',
    category: '',
    severity: '',
    credit: '',
    steps: 'Put <img src=x onerror=alert(1)> in the notes.',
    impact: 'Script runs in the admin session.',
    name: 'Finder',
    email: 'finder@example.org',
    policyAccepted: true,
    ...overrides,
  };
}
