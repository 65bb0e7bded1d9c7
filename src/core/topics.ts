/**
 * The topic list a customer chooses from. Whatever a site configures, the list ends with Security and
 * then Other, each exactly once (SPEC principles 1 and 2): a configured `security` or `other` entry
 * may rename the choice, never remove or move it.
 */
import { TopicSchema, type Article } from './schemas.js';

export const RESERVED_TOPICS = ['security', 'other'] as const;
export type ReservedTopic = (typeof RESERVED_TOPICS)[number];

export interface Topic {
  readonly value: string;
  /** Undefined for a reserved topic whose label the site did not set: the locale names it. */
  readonly label: string | undefined;
  readonly articles: readonly Article[];
  readonly reserved: boolean;
}

export type TopicProblem =
  | { readonly kind: 'not-a-list' }
  | { readonly kind: 'invalid'; readonly index: number }
  | { readonly kind: 'duplicate'; readonly value: string };

export interface TopicList {
  readonly topics: readonly Topic[];
  readonly problems: readonly TopicProblem[];
}

const isReserved = (value: string): value is ReservedTopic =>
  (RESERVED_TOPICS as readonly string[]).includes(value);

/**
 * Normalises configured topics. Invalid entries and repeated values are dropped (the first wins) and
 * reported, so the site owner hears about them while customers still get a working list.
 */
export function normalizeTopics(configured: unknown): TopicList {
  const problems: TopicProblem[] = [];
  const list: unknown[] = [];
  if (Array.isArray(configured)) list.push(...configured);
  else if (configured != null) problems.push({ kind: 'not-a-list' });

  const seen = new Set<string>();
  const regular: Topic[] = [];
  const reservedLabels = new Map<ReservedTopic, string>();
  list.forEach((entry, index) => {
    const parsed = TopicSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push({ kind: 'invalid', index });
      return;
    }
    const { value, label, articles = [] } = parsed.data;
    if (seen.has(value)) {
      problems.push({ kind: 'duplicate', value });
      return;
    }
    seen.add(value);
    if (isReserved(value)) reservedLabels.set(value, label);
    else regular.push({ value, label, articles, reserved: false });
  });

  const reserved = RESERVED_TOPICS.map(
    (value): Topic => ({ value, label: reservedLabels.get(value), articles: [], reserved: true }),
  );
  return { topics: [...regular, ...reserved], problems };
}
