import { Readable } from 'node:stream';
import fc from 'fast-check';
import { CsvInputError, type CsvRecord, readCsvRecords } from './csv-record.reader';

async function readAll(chunks: Array<string | Buffer>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))))) out.push(record);
  return out;
}

async function failure(chunks: string[]): Promise<unknown> {
  try {
    await readAll(chunks);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Splits bytes at the given cut points (anywhere: inside a CRLF, inside a UTF-8 character). */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const p of sorted) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks.filter((c) => c.length > 0);
}

describe('readCsvRecords', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks, a BOM and CRLF, with start lines', async () => {
    const text = '\uFEFFid,note\r\n1,"a, b"\r\n2,"say ""hi"""\r\n\r\n3,"two\r\nlines"\r\n4,plain\r\n';
    expect(await readAll([text])).toEqual([
      { fields: ['id', 'note'], line: 1 },
      { fields: ['1', 'a, b'], line: 2 },
      { fields: ['2', 'say "hi"'], line: 3 },
      { fields: ['3', 'two\r\nlines'], line: 5 },
      { fields: ['4', 'plain'], line: 7 },
    ]);
  });

  it('keeps records with a wrong number of fields for the caller to judge', async () => {
    expect(await readAll(['a,b\n1,2,3\n4\n'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2', '3'], line: 2 },
      { fields: ['4'], line: 3 },
    ]);
  });

  it('names the line where malformed CSV starts', async () => {
    const open = await failure(['a,b\n1,2\n\n3,"never closed\n4,5\n']);
    expect(open).toBeInstanceOf(CsvInputError);
    expect((open as CsvInputError).line).toBe(4);
    expect((open as CsvInputError).message).toMatch(/^CSV_QUOTE_NOT_CLOSED/);
    const stray = await failure(['a,b\n1,"x"y\n']);
    expect(stray).toBeInstanceOf(CsvInputError);
    expect((stray as CsvInputError).line).toBe(2);
  });

  it('yields every record before a malformed one, then fails', async () => {
    const seen: number[] = [];
    let caught: unknown;
    try {
      for await (const r of readCsvRecords(Readable.from([Buffer.from('a,b\n1,2\n3,4\n5,"x"y\n7,8\n')]))) seen.push(r.line);
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(caught).toMatchObject({ name: 'CsvInputError', line: 4 });
  });

  it('streams large files with a slow consumer (backpressure) and stops reading when the consumer stops', async () => {
    const rows = 12_000;
    const text = `a,b\n${Array.from({ length: rows }, (_, i) => `${i},"v\n${i}"`).join('\n')}\n`;
    let count = 0;
    let last: CsvRecord | undefined;
    for await (const r of readCsvRecords(Readable.from(cut(Buffer.from(text), [7, 70_000, 150_000])))) {
      count++;
      last = r;
      if (count % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(count).toBe(rows + 1);
    expect(last).toEqual({ fields: [String(rows - 1), `v\n${rows - 1}`], line: 2 + 2 * (rows - 1) });

    const input = Readable.from(cut(Buffer.from(text), Array.from({ length: 50 }, (_, i) => i * 4096)));
    for await (const r of readCsvRecords(input)) if (r.line > 100) break;
    expect(input.destroyed).toBe(true);
  });

  it('passes read errors of the input through unchanged', async () => {
    const input = new Readable({
      read() {
        this.destroy(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }));
      },
    });
    let caught: unknown;
    try {
      for await (const _record of readCsvRecords(input)) void _record;
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ENOENT' });
  });

  it('matches a brute-force reference on random files, line ends and chunkings', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', '€', '😀', '1'), maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.record({
            rows: fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
            quoteAll: fc.boolean(),
            eol: fc.constantFrom('\n', '\r\n', '\r'),
            bom: fc.boolean(),
            blankBefore: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 8, maxLength: 8 }),
            finalEol: fc.boolean(),
            cuts: fc.array(fc.nat(), { maxLength: 6 }),
          }),
        ),
        async ({ rows, quoteAll, eol, bom, blankBefore, finalEol, cuts }) => {
          const encode = (f: string, width: number) =>
            quoteAll || /[",\r\n]/.test(f) || (width === 1 && f === '') || f.startsWith(' ') ? `"${f.replace(/"/g, '""')}"` : f;
          let text = bom ? '\uFEFF' : '';
          const expected: CsvRecord[] = [];
          rows.forEach((row, i) => {
            if (i > 0) text += eol.repeat(blankBefore[i]);
            const before = text.replace(/^\uFEFF/, '');
            expected.push({ fields: row, line: 1 + (before.match(/\r\n|\r|\n/g)?.length ?? 0) });
            text += row.map((f) => encode(f, row.length)).join(',');
            if (i < rows.length - 1 || finalEol) text += eol;
          });
          expect(await readAll(cut(Buffer.from(text, 'utf8'), cuts))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
