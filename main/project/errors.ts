// The one error type of project files: a stable `code` for programs, a message that names the problem for people.
export const PROJECT_ERROR_CODES = [
  /** The file does not exist or cannot be read or written. */
  'io',
  /** Not a zip archive at all (or one too damaged to list). */
  'not-zip',
  /** A zip, but not a Hamiltonian Studio project (no manifest, wrong format id). */
  'not-a-project',
  /** Saved by a newer app in a format version this one does not know. */
  'future-version',
  /** A format version that never existed (0, negative, not an integer). */
  'unsupported-version',
  /** A zip feature projects never use: encryption, an unknown compression method. */
  'unsupported',
  /** An entry name that could escape the archive's folder (zip slip) or is not valid UTF-8. */
  'unsafe-path',
  'duplicate-entry',
  /** An entry no part of the project refers to, or one this format does not have. */
  'unexpected-entry',
  /** A part the manifest or another part refers to is not in the archive. */
  'missing-part',
  /** A JSON part that is not valid UTF-8 JSON, or is nested too deeply. */
  'bad-json',
  /** A JSON part of the wrong shape or types. */
  'schema',
  /** More entries or bytes than the reader allows. */
  'too-large',
  /** An entry that inflates beyond what it declares, or declares an impossible compression ratio. */
  'zip-bomb',
  /** Damaged data: truncated or overlapping entries, inflate errors, mismatched headers. */
  'corrupt',
  /** An entry whose bytes do not match its CRC-32. */
  'checksum',
  /** A typed-array blob whose size does not match its dtype and shape. */
  'bad-blob',
  /** NaN or Infinity in weights or checkpoints. */
  'non-finite',
  /** An in-memory project that cannot be saved as it is (bad id, unbounded JSON, ...): a caller's mistake. */
  'invalid',
] as const;

export type ProjectErrorCode = (typeof PROJECT_ERROR_CODES)[number];

export class ProjectError extends Error {
  override name = 'ProjectError';
  constructor(
    readonly code: ProjectErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isProjectError(e: unknown, code?: ProjectErrorCode): e is ProjectError {
  return e instanceof ProjectError && (code === undefined || e.code === code);
}

/** A name from a hostile file, quoted and cut short so it cannot flood a message or a terminal. */
export function quoteName(name: string, max = 80): string {
  const cut = name.length > max ? `${name.slice(0, max)}...` : name;
  return JSON.stringify(cut);
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
