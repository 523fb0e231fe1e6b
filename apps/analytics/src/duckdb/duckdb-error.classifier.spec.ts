import { exhaustedResource, isDuckDbIoError } from './duckdb-error.classifier';

describe('exhaustedResource', () => {
  it("reads DuckDB 1.5's out-of-memory and spill-limit errors (as thrown by both result APIs)", () => {
    expect(exhaustedResource(new Error('Out of Memory Error: failed to allocate data of size 256.0 MiB (270.6 MiB/488.2 MiB used)\n\nPossible solutions: ...'))).toBe('memory');
    expect(
      exhaustedResource(
        new Error("Error: Out of Memory Error: failed to offload data block of size 256.0 KiB (15.9 MiB/16.0 MiB used).\nThis limit was set by the 'max_temp_directory_size' setting."),
      ),
    ).toBe('temporary disk');
    expect(exhaustedResource(new Error('IO Error: Could not write file "/data/analytics.duckdb.tmp/duckdb_temp_storage-0.tmp": No space left on device'))).toBe('temporary disk');
  });

  it('leaves other errors alone, including a message a query raises itself', () => {
    expect(exhaustedResource(new Error("Invalid Input Error: Out of Memory Error: made up by error('...')"))).toBeUndefined();
    expect(exhaustedResource(new Error('Conversion Error: Could not convert string'))).toBeUndefined();
    expect(exhaustedResource(new Error('INTERRUPT Error: Interrupted!'))).toBeUndefined();
    expect(exhaustedResource('Out of Memory Error')).toBe('memory');
    expect(exhaustedResource(undefined)).toBeUndefined();
  });

  it('recognises I/O errors (they name server files)', () => {
    expect(isDuckDbIoError(new Error('IO Error: Could not read file "/x"'))).toBe(true);
    expect(isDuckDbIoError(new Error('Error: IO Error: x'))).toBe(true);
    expect(isDuckDbIoError(new Error('Binder Error: IO Error'))).toBe(false);
  });
});
