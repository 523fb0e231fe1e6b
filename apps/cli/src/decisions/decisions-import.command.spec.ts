import { Readable } from 'node:stream';
import { dispatch } from '../cli.dispatcher';

const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';

/** Runs the CLI in-process against in-memory files; `--dry-run` never touches the network. */
async function run(argv: string[], files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const missing = (path: string) => Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', syscall: 'open' });
  const code = await dispatch(argv, {
    readFile: (path) => {
      if (!(path in files)) throw missing(path);
      return files[path];
    },
    openFile: (path) =>
      path in files
        ? Readable.from([Buffer.from(files[path])])
        : new Readable({
            read() {
              this.destroy(missing(path));
            },
          }),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    cwd: '/work',
  });
  return { code, out, err: err.join('\n') };
}

const CSV = [
  'decisionId,subjectRef,occurredAt,purpose,outcome,score,sex',
  'd1,s1,2026-03-01T09:30:00Z,credit,approve,0.9,F',
  'd2,s2,2026-03-01T09:31:00Z,credit,deny,abc,M',
  'd3,s3,2026-03-01T09:32:00Z,credit,approve,0.7,"F"',
  'd4,,2026-03-01T09:33:00Z,credit,deny,0.1,M',
  'd5,s5,2026-03-01T09:34:00Z,credit,approve,0.8',
  '',
].join('\n');

describe('fulcrum decisions import (dry run and usage)', () => {
  it('checks every row locally in a dry run, with line numbers, and exits 1 when rows would be rejected', async () => {
    const res = await run(['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v1', '--attributes', 'sex', '--dry-run', '--batch-size', '1'], { 'd.csv': CSV });
    expect(res.out).toEqual([
      'line 3: INVALID_FIELD: score is not a number: "abc" (column "score")',
      'line 5: MISSING_FIELD: subjectRef is empty (column "subjectRef")',
      'line 6: WRONG_FIELD_COUNT: expected 7 fields like the header, found 6',
      'dry run, nothing sent: 5 rows, 2 valid in 2 batches, 3 rejected',
    ]);
    expect(res.code).toBe(1);
    const clean = await run(['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v1', '--dry-run'], { 'd.csv': CSV.split('\n').slice(0, 2).join('\n') });
    expect(clean).toMatchObject({ code: 0, out: ['dry run, nothing sent: 1 row, 1 valid in 1 batch, 0 rejected'] });
  });

  it('exits 2 on bad usage, before reading or sending anything', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['decisions', 'import', '--project', PROJECT, '--model-version', 'v'], /exactly one CSV file/],
      [['decisions', 'import', 'd.csv', '--model-version', 'v'], /--project <id> is required/],
      [['decisions', 'import', 'd.csv', '--project', 'p1', '--model-version', 'v'], /--project must be a project id \(a UUID\)/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT], /--model-version <id> is required/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--batch-size', '10001'], /--batch-size must be a whole number from 1 to 10000/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--batch-size', '0'], /--batch-size/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--batch-size', '1.5'], /--batch-size/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--map', 'nope=x'], /unknown field "nope"/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--purpose', ' '], /--purpose must not be empty/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--token'], /--token needs a value/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--project', PROJECT, '--model-version', 'w'], /given twice/],
      [['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--bogus'], /unknown option --bogus/],
    ];
    for (const [argv, message] of cases) {
      const res = await run(argv, { 'd.csv': CSV });
      expect([argv.join(' '), res.code]).toEqual([argv.join(' '), 2]);
      expect(res.err).toMatch(message);
      expect(res.out).toEqual([]);
    }
  });

  it('exits 2 when the file or header is unusable, or no gateway is configured', async () => {
    expect(await run(['decisions', 'import', 'missing.csv', '--project', PROJECT, '--model-version', 'v', '--dry-run'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read missing.csv: ENOENT/) });
    expect(await run(['decisions', 'import', 'e.csv', '--project', PROJECT, '--model-version', 'v', '--dry-run'], { 'e.csv': '' })).toMatchObject({ code: 2, err: expect.stringMatching(/no header row/) });
    expect(await run(['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--dry-run', '--map', 'score=probability'], { 'd.csv': CSV })).toMatchObject({
      code: 2,
      err: expect.stringMatching(/score: column "probability" is not in the header/),
    });
    expect(await run(['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v'], { 'd.csv': CSV })).toMatchObject({ code: 2, err: expect.stringMatching(/no GraphQL URL/) });
    expect(await run(['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v'], { 'd.csv': CSV }, { FULCRUM_GRAPHQL_URL: 'http://127.0.0.1:9/graphql' })).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no API token/),
    });
    expect(await run(['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v'], { 'd.csv': CSV, '/work/.fulcrum/local.json': '{oops' })).toMatchObject({
      code: 2,
      err: expect.stringMatching(/local.json is not valid JSON/),
    });
    expect(await run(['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--graphql-url', 'ftp://x', '--token', 't'], { 'd.csv': CSV })).toMatchObject({
      code: 2,
      err: expect.stringMatching(/must be http or https/),
    });
  });

  it('stops at malformed CSV with the line and exits 2', async () => {
    const res = await run(['decisions', 'import', 'd.csv', '--project', PROJECT, '--model-version', 'v', '--dry-run'], { 'd.csv': `${CSV.split('\n').slice(0, 3).join('\n')}\nd9,s9,"oops\n` });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/line 4: malformed CSV: CSV_QUOTE_NOT_CLOSED/);
    expect(res.err).toMatch(/rows from line 2 on were not sent/);
  });

  it('lists the command in the help', async () => {
    const res = await run(['help']);
    expect(res.code).toBe(0);
    expect(res.out.join('\n')).toContain('decisions import <file.csv> --project <id> --model-version <id>');
  });
});
