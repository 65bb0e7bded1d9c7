/**
 * English, the reference table: every other locale has exactly these keys (the `Strings` type makes
 * a missing key a compile error). `{name}` placeholders are filled by `format`.
 *
 * Tone: plain sentences that say what happens. No "our systems are secure", no scripted apologies.
 */
export const en = {
  // Topic choice
  topicLegend: 'What is this about?',
  topicOther: 'Other',
  topicSecurity: 'Report a security vulnerability',
  topicSecurityHint: 'A weakness in this site or app. If someone got into your own account, choose another topic.',
  topicOtherLabel: 'Tell us in your own words what this is about',
  modeNew: 'A new request',
  modeFollowUp: 'Follow up on an earlier request',
  modeLegend: 'Is this new, or about an earlier request?',
  referenceLabel: 'Reference of your earlier request',
  referenceHint: 'You find it in the confirmation you saw after sending, or in our reply.',
  helpArticles: 'These articles may already answer your question:',
  stillNeedHelp: 'Still need help? Write to us below.',
  suggestedArticles: 'These articles may help with what you describe (they open in a new tab, your message stays here):',

  // Fields
  nameLabel: 'Your name',
  emailLabel: 'Your e-mail address',
  emailHint: 'We only use it to answer you.',
  messageLabel: 'Your message',
  optional: '(optional)',
  escalateLabel: 'I already contacted you about this',
  escalateHint: 'Tell us when and how, so we can find the earlier conversation.',
  send: 'Send',
  sending: 'Sending…',

  // Field errors
  errorRequired: 'Please fill this in.',
  errorTopicRequired: 'Please choose what this is about.',
  errorTooLong: 'This is too long: please keep it under {max} characters ({count} now).',
  errorEmail: 'Please enter an e-mail address like name@example.com.',
  errorCharacters: 'This contains invisible control characters. Please retype it.',
  errorInvalid: 'This does not look right. Please check it.',

  // Sending and results
  statusSending: 'Sending your message…',
  sentHeading: 'We have your message',
  sentReference: 'Your reference: {reference}',
  sentNext: 'A person reads every message and answers by e-mail.',
  sentTime: 'You can expect an answer {time}.',
  sentKeep: 'Keep the reference: use it to add information or to follow up.',
  addInformation: 'Add information to this request',
  newRequest: 'Write a new message',
  failedNetwork: 'Your message was not sent: we could not reach the server. Check your connection and try again. Everything you wrote is still here.',
  failedTimeout: 'Your message was not sent: the server did not answer in time. Try again in a moment. Everything you wrote is still here.',
  failedHttp: 'Your message was not sent: the server refused it (error {status}). Try again later. Everything you wrote is still here.',
  failedInvalid: 'Your message was not sent: the server could not accept some of it. Please check the marked fields.',
  tryAgain: 'Try again',
  statusQueued: 'Your message is not sent yet: {reason} It is kept in this browser and will be sent automatically, even after a reload. Everything you wrote is still here.',
  reasonNetwork: 'we could not reach the server.',
  reasonTimeout: 'the server did not answer in time.',
  reasonBusy: 'the server is busy (error {status}).',
  reasonInterrupted: 'sending was interrupted when the page was left or reloaded.',
  tryNow: 'Try now',
  copyMessage: 'Copy my message',
  copied: 'Copied: you can paste your message anywhere.',
  mailFallback: 'Send it by e-mail instead',
  draftRestored: 'We kept what you wrote here earlier.',
  discardDraft: 'Discard it',
  secretsFound: 'What you wrote seems to contain a password, private key or access token. Anyone who handles your message could use it. We suggest removing it before you send.',
  removeSecrets: 'Remove it',
  sendAnyway: 'Send as it is',
  pasteRefused: 'That paste was not added: it is {count} characters long, and this field takes at most {max}. Everything you wrote before is still here.',
  insecure: 'This form cannot send securely from this page, so it will not send anything. Please contact the site another way.',
  notConfigured: 'This form is not set up to send messages yet. Please contact the site another way.',

  securityLoading: 'Opening the security report form…',
  securityLoadFailed: 'The security report form could not be loaded. Check your connection and try again. Everything you wrote is still here.',
} as const;

export type StringKey = keyof typeof en;
export type Strings = { readonly [K in StringKey]: string };

/** Fills `{name}` placeholders; unknown placeholders stay visible rather than vanish. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
