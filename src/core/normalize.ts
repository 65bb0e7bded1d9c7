/**
 * One form for what customers type. macOS and some keyboards produce decomposed accents (NFD), most
 * others composed ones (NFC): without this, "José" typed on two machines is two different strings to
 * a backend's search, de-duplication and length limits.
 */
export function normalizeText(value: string): string {
  return value.normalize('NFC');
}

/** Whether `value` is over `limit`, counted in UTF-16 code units as every limit in LIMITS is. */
export function isTooLarge(value: string, limit: number): boolean {
  return value.length > limit;
}
