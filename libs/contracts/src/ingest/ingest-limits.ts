/** Size limits of the HTTP collector, measured on the decompressed body (Segment's documented limits). */
export const INGEST_LIMITS = {
  /** One event, serialised as JSON. */
  maxEventBytes: 32 * 1024,
  /** One request body (a batch), after gunzip. */
  maxBatchBytes: 500 * 1024,
  /** Compressed bodies larger than this are refused before inflating. */
  maxCompressedBytes: 500 * 1024,
  /** Largest JetStream message the collector publishes; bigger batches are split. */
  maxMessageBytes: 512 * 1024,
} as const;
