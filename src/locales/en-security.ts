/**
 * English for the security report form. A table of its own because the form is a part the
 * script-tag build loads on demand: its sentences travel with it, not with every page view.
 * Overrides go through the same `strings` property as the rest.
 */
export const enSecurity = {
  securityHeading: 'Report a security vulnerability',
  securityIntro: 'Use this form to tell us about a weakness in this site or app, so the people who can fix it see it.',
  securityNotAccount: 'Did someone get into your own account? That is not what this form is for:',
  securityBackToTopics: 'choose another topic',
  securityNotAccountStandalone: 'Did someone get into your own account? Please use the site’s contact page instead: this form is for weaknesses in the site itself.',
  securityAnonymous: 'Name and e-mail are optional: anonymous reports are welcome.',
  summaryLabel: 'Summary',
  summaryHint: 'One line, for example: "Password reset link sent over plain HTTP".',
  assetLabel: 'Affected URL or product',
  stepsLabel: 'Steps to reproduce',
  impactLabel: 'Impact',
  impactHint: 'What could an attacker do with this?',
  categoryLabel: 'Kind of weakness',
  categoryUnsure: 'Not sure',
  categoryXss: 'Cross-site scripting (XSS)',
  categoryInjection: 'SQL or other injection',
  categoryAuth: 'Broken login or session handling',
  categoryAccess: 'Broken access control (seeing or changing others’ data)',
  categoryCsrf: 'Cross-site request forgery (CSRF)',
  categorySsrf: 'Server-side request forgery (SSRF)',
  categoryExposure: 'Sensitive data exposed',
  categoryTransport: 'Unencrypted or weakly encrypted connection',
  categoryConfig: 'Security misconfiguration',
  categoryOther: 'Other',
  categoryOtherLabel: 'Describe the kind of weakness',
  severityLabel: 'Severity',
  severityUnsure: 'Not sure',
  severityLow: 'Low',
  severityMedium: 'Medium',
  severityHigh: 'High',
  severityCritical: 'Critical',
  severityCvss: 'A CVSS vector',
  cvssLabel: 'CVSS vector',
  cvssHint: 'CVSS v3.1 or v4.0, for example CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  cvssInvalid: 'This is not a complete CVSS v3.1 or v4.0 vector: check the {problem}.',
  creditLabel: 'How should we credit you?',
  creditHint: 'A name or handle for our acknowledgements, if you want one.',
  policyAccept: 'I have read and accept the disclosure policy',
  policyRequired: 'Please accept the disclosure policy to send your report.',
  policyLink: 'Read our disclosure policy',
  acknowledgmentsLink: 'See who we have thanked',
  securitySentHeading: 'Thank you: your report reached our security team',
  securitySentNext: 'A person on the security team reads every report and will follow up with you if you left an e-mail address.',
  securitySentTime: 'You can expect an acknowledgement {time}.',
} as const;

export type SecurityStringKey = keyof typeof enSecurity;
export type SecurityStrings = { readonly [K in SecurityStringKey]: string };
