import { type Readable, Transform, pipeline } from 'node:stream';
import { CsvError, type Info, parse } from 'csv-parse';

/** One CSV record with the physical line (1-based, the header is line 1) where it starts. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** The file is not well-formed CSV from `line` on (e.g. a quote never closed). */
export class CsvInputError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvInputError';
  }
}

/** A single field or record larger than this is refused instead of being buffered without bound. */
const MAX_RECORD_CHARS = 1_000_000;

const CR = 0x0d;
const LF = 0x0a;

/**
 * Positions of the line breaks (CRLF, LF or a lone CR each count once) in the bytes seen so far,
 * so a byte offset reported by the parser can be turned into a line number. csv-parse's own
 * `info.lines` counts a CRLF inside a quoted field twice, so it cannot be used for this.
 * Queries come with non-decreasing offsets, so breaks before the last query are dropped.
 */
class LineBreakIndex {
  private breaks: number[] = [];
  private head = 0;
  private dropped = 0;
  private offset = 0;
  private previousWasCr = false;

  scan(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === CR) this.breaks.push(this.offset + i);
      else if (byte === LF && !this.previousWasCr) this.breaks.push(this.offset + i);
      this.previousWasCr = byte === CR;
    }
    this.offset += chunk.length;
  }

  /** Line number of the byte at `offset`: 1 + the breaks that start before it. */
  lineAt(offset: number): number {
    while (this.head < this.breaks.length && this.breaks[this.head] < offset) this.head++;
    if (this.head > 4096 && this.head * 2 > this.breaks.length) {
      this.dropped += this.head;
      this.breaks = this.breaks.slice(this.head);
      this.head = 0;
    }
    return 1 + this.dropped + this.head;
  }
}

interface ParsedRecord {
  record: string[];
  info: Info;
}

/** Records parsed ahead of the consumer; above this the input is held back (backpressure). */
const QUEUE_HIGH = 2_000;
const QUEUE_LOW = 500;

/**
 * Streams the records of an RFC 4180 CSV file (quoted fields with commas, escaped quotes and line
 * breaks; CRLF, LF or CR line ends; a UTF-8 BOM) with the line each record starts on. Empty lines
 * are skipped; records may have any number of fields (the caller checks them against the header).
 * Every record before a malformed one is yielded; then a CsvInputError names the line where the
 * malformed record starts.
 */
export async function* readCsvRecords(input: Readable): AsyncGenerator<CsvRecord> {
  const lines = new LineBreakIndex();
  const queue: ParsedRecord[] = [];
  let settled = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let release: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  // Counts line breaks on the way to the parser, and holds the stream back while the queue is full.
  const counter = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      lines.scan(bytes);
      this.push(bytes);
      if (queue.length >= QUEUE_HIGH) release = () => done();
      else done();
    },
  });
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARS });
  // Flowing mode: the parser hands over every record it parsed before an error (for-await would drop them).
  parser.on('data', (record: ParsedRecord) => {
    queue.push(record);
    notify();
  });
  pipeline(input, counter, parser, (error) => {
    failure = error ?? undefined;
    settled = true;
    notify();
  });

  // A record starts right after the previous one (offset `bytes` of its info) plus skipped empty lines.
  let previousBytes = 0;
  let previousEmptyLines = 0;
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (release && queue.length <= QUEUE_LOW) {
          const go = release;
          release = undefined;
          go();
        }
        const line = lines.lineAt(previousBytes) + (next.info.empty_lines - previousEmptyLines);
        previousBytes = next.info.bytes;
        previousEmptyLines = next.info.empty_lines;
        yield { fields: next.record, line };
      } else if (settled) {
        if (failure instanceof CsvError) {
          const emptyLines = typeof failure['empty_lines'] === 'number' ? failure['empty_lines'] : previousEmptyLines;
          throw new CsvInputError(lines.lineAt(previousBytes) + (emptyLines - previousEmptyLines), `${failure.code}: ${failure.message}`);
        }
        if (failure) throw failure;
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    // The consumer stopped early (or failed): stop reading the file.
    if (!settled) {
      input.destroy();
      parser.destroy();
    }
  }
}
