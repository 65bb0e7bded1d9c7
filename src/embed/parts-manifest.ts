/**
 * The lazily loaded parts of the script-tag build and their Subresource Integrity hashes. The build
 * (scripts/parts.mjs) replaces this module with the real file names and hashes, computed from the
 * files it has just written, so a part can only run if it is byte for byte what was built.
 */
export interface PartFile {
  readonly file: string;
  readonly integrity: string;
}

export const PARTS: Readonly<Record<string, PartFile>> = {};
