/** What a query ran out of: DuckDB's buffer memory (`memory_limit`) or its spill space (`max_temp_directory_size`, or the disk itself). */
export type ExhaustedResource = 'memory' | 'temporary disk';

/**
 * Whether a DuckDB error means a limit was reached rather than a mistake in the query. DuckDB 1.5's
 * messages (measured):
 * - `Out of Memory Error: failed to allocate data of size 256.0 MiB (270.6 MiB/488.2 MiB used)`;
 * - `Out of Memory Error: failed to offload data block of size 256.0 KiB (28.4 MiB/28.6 MiB used).
 *   This limit was set by the 'max_temp_directory_size' setting. ...`;
 * - `IO Error: ... No space left on device` when the disk under the spill directory is full.
 * Such errors are transient for everyone else sharing the instance (the buffer manager is global),
 * so they are never the fault of a particular event or query text.
 */
export function exhaustedResource(error: unknown): ExhaustedResource | undefined {
  // The streaming API prefixes `Error: ` to DuckDB's message; a message raised by the query itself
  // (error('...')) starts with its own type, so anchoring keeps it out.
  const message = messageOf(error).replace(/^Error: /, '');
  if (/^Out of Memory Error\b/.test(message)) {
    return /max_temp_directory_size|offload data block/.test(message) ? 'temporary disk' : 'memory';
  }
  if (/^IO Error\b/.test(message) && /No space left on device|disk is full/i.test(message)) return 'temporary disk';
  return undefined;
}

/** DuckDB's I/O errors name files of the server: never shown to a client as such. */
export function isDuckDbIoError(error: unknown): boolean {
  return /^(Error: )?IO Error\b/.test(messageOf(error));
}

/** By shape, not `instanceof`: errors of the native binding come from another realm under Jest's VM. */
function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : '';
}
