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
  policyLink: 'Read our disclosure policy',
  securitySentHeading: 'Thank you: your report reached our security team',
  securitySentNext: 'A person on the security team reads every report and will follow up with you if you left an e-mail address.',
  securitySentTime: 'You can expect an acknowledgement {time}.',
} as const;

export type SecurityStringKey = keyof typeof enSecurity;
export type SecurityStrings = { readonly [K in SecurityStringKey]: string };
