/**
 * Turns a vulnerability report into a `membrane.v1` payload with `kind: "security"`. A module of its
 * own because it travels with the security form, which the script-tag build loads on demand.
 */
import { givenText, payloadEnvelope, withoutUndefined, type PayloadEnvironment } from './payload.js';
import type { Payload, SecurityDetails } from './schemas.js';

export interface SecurityDraft {
  summary: string;
  asset: string;
  /** A weakness class, or the researcher's own words for it. */
  category: string;
  steps: string;
  impact: string;
  /** `low` … `critical`, or a CVSS vector string. */
  severity: string;
  name: string;
  email: string;
  /** How the researcher wants to be credited, if at all. */
  credit: string;
  policyAccepted: boolean;
  /**
   * Steps and impact encrypted to the security team's key (ASCII armor). When present, the plain
   * steps and impact are not sent.
   */
  encrypted?: string | undefined;
}

export function buildSecurityPayload(draft: SecurityDraft, env: PayloadEnvironment): Payload {
  const sealed = draft.encrypted !== undefined;
  const security: SecurityDetails = withoutUndefined({
    summary: draft.summary.normalize('NFC').trim(),
    asset: givenText(draft.asset),
    category: givenText(draft.category)?.trim(),
    steps: sealed ? undefined : draft.steps.normalize('NFC'),
    impact: sealed ? undefined : givenText(draft.impact),
    severity: givenText(draft.severity)?.trim(),
    credit: givenText(draft.credit)?.trim(),
    policyAccepted: draft.policyAccepted || undefined,
    encrypted: draft.encrypted,
  });
  return withoutUndefined({
    ...payloadEnvelope('security', env),
    topic: 'security',
    name: givenText(draft.name),
    email: givenText(draft.email)?.trim(),
    security,
  });
}
