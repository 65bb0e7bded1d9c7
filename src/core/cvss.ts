/**
 * Checks the form of a CVSS vector string (v3.0, v3.1 or v4.0), so a researcher who gives one gets
 * told at once about a typo rather than the security team later. It checks syntax only: every base
 * metric exactly once, known metrics with allowed values, no repeats. Scores are the team's job.
 */

type MetricTable = Readonly<Record<string, string>>;

// Metric → allowed values, one letter each. Base metrics are required.
const V3_BASE: MetricTable = { AV: 'NALP', AC: 'LH', PR: 'NLH', UI: 'NR', S: 'UC', C: 'HLN', I: 'HLN', A: 'HLN' };
const V3_OPTIONAL: MetricTable = {
  E: 'XUPFH', RL: 'XOTWU', RC: 'XURC', CR: 'XLMH', IR: 'XLMH', AR: 'XLMH',
  MAV: 'XNALP', MAC: 'XLH', MPR: 'XNLH', MUI: 'XNR', MS: 'XUC', MC: 'XNLH', MI: 'XNLH', MA: 'XNLH',
};
const V4_BASE: MetricTable = {
  AV: 'NALP', AC: 'LH', AT: 'NP', PR: 'NLH', UI: 'NPA', VC: 'HLN', VI: 'HLN', VA: 'HLN', SC: 'HLN', SI: 'HLN', SA: 'HLN',
};
const V4_OPTIONAL: MetricTable = {
  E: 'XAPU', CR: 'XHML', IR: 'XHML', AR: 'XHML', MAV: 'XNALP', MAC: 'XLH', MAT: 'XNP', MPR: 'XNLH', MUI: 'XNPA',
  MVC: 'XHLN', MVI: 'XHLN', MVA: 'XHLN', MSC: 'XHLN', MSI: 'XSHLN', MSA: 'XSHLN',
  S: 'XNP', AU: 'XNY', R: 'XAUI', V: 'XDC', RE: 'XLMH',
};
// v4.0's Provider Urgency takes words, not letters.
const V4_WORDS: Readonly<Record<string, readonly string[]>> = { U: ['X', 'Clear', 'Green', 'Amber', 'Red'] };

export type CvssCheck =
  | { readonly ok: true; readonly version: '3.0' | '3.1' | '4.0' }
  | {
      readonly ok: false;
      readonly problem: 'prefix' | 'syntax' | 'unknown-metric' | 'bad-value' | 'repeated' | 'missing';
      readonly metric?: string;
    };

export function checkCvssVector(vector: string): CvssCheck {
  const match = /^CVSS:(3\.0|3\.1|4\.0)\/(.+)$/.exec(vector.trim());
  if (!match) return { ok: false, problem: 'prefix' };
  const version = match[1] as '3.0' | '3.1' | '4.0';
  const [base, optional] = version === '4.0' ? [V4_BASE, V4_OPTIONAL] : [V3_BASE, V3_OPTIONAL];
  const seen = new Set<string>();
  for (const part of match[2]!.split('/')) {
    const pair = /^([A-Z]+):([A-Za-z]+)$/.exec(part);
    if (!pair) return { ok: false, problem: 'syntax' };
    const [, metric, value] = pair as unknown as [string, string, string];
    if (seen.has(metric)) return { ok: false, problem: 'repeated', metric };
    seen.add(metric);
    const words = version === '4.0' ? V4_WORDS[metric] : undefined;
    const letters = base[metric] ?? optional[metric];
    if (!words && letters === undefined) return { ok: false, problem: 'unknown-metric', metric };
    const allowed = words ? words.includes(value) : value.length === 1 && letters!.includes(value);
    if (!allowed) return { ok: false, problem: 'bad-value', metric };
  }
  const missing = Object.keys(base).find((metric) => !seen.has(metric));
  return missing ? { ok: false, problem: 'missing', metric: missing } : { ok: true, version };
}
