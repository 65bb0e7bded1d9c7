/**
 * Length limits for every field. They keep a runaway paste from freezing the page or being posted as
 * megabytes, and they are the same in the form, the payload schema and the receiver.
 */
export const LIMITS = {
  name: 200,
  email: 254,
  topic: 64,
  topicOther: 200,
  message: 10_000,
  reference: 100,
  summary: 200,
  asset: 2_000,
  steps: 20_000,
  impact: 10_000,
  page: 2_048,
  locale: 35,
} as const;

/** The largest request body the reference receiver accepts; a full payload at every limit fits. */
export const MAX_BODY_BYTES = 256 * 1024;
