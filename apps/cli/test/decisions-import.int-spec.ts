import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type TempDir, freePort, makeTempDir } from '@fulcrum/testing';
import { dispatch } from '../src/cli.dispatcher';

const TOKEN = 'ful_cli_test_token';
const VERSION_ID = '7d1f3c9e-2b8a-4e6f-8c1d-9a0b1c2d3e4f';
const PROJECT_ID = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

interface Row {
  decisionId: string;
  occurredAt: string;
  [key: string]: unknown;
}

/**
 * A stand-in for the gateway's GraphQL endpoint over real HTTP: checks the token and the mutation,
 * and answers recordDecisions like the governance service (idempotent by decisionId: same content
 * is a duplicate, other content a DECISION_ID_CONFLICT; a bad occurredAt is rejected by row index).
 */
class FakeGateway {
  readonly stored = new Map<string, string>();
  readonly batches: Row[][] = [];
  readonly bodyBytes: number[] = [];
  failNextWith?: { status: number; body: unknown };
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    this.bodyBytes.push(raw.length);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const gqlError = (code: string, message: string) => send(200, { data: null, errors: [{ message, extensions: { code } }] });
    if (raw.length > 6 * 1024 * 1024) return send(413, { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Request body is too large' });
    if (this.failNextWith) {
      const { status, body } = this.failNextWith;
      this.failNextWith = undefined;
      return send(status, body);
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return gqlError('UNAUTHENTICATED', 'The API token is not valid.');
    const { query, variables } = JSON.parse(raw.toString('utf8')) as { query: string; variables: { projectId: string; modelVersionId: string; decisions: Row[] } };
    if (!/recordDecisions\(projectId: \$projectId, modelVersionId: \$modelVersionId, decisions: \$decisions\)/.test(query)) return gqlError('BAD_USER_INPUT', 'unexpected query');
    // Another project's version is not found, exactly as an unknown one (the gateway and governance policy).
    if (variables.projectId !== PROJECT_ID || variables.modelVersionId !== VERSION_ID) return gqlError('NOT_FOUND', 'No such model version.');
    if (variables.decisions.length > 10_000) return gqlError('BAD_USER_INPUT', 'decisions must hold 1 to 10000 rows per call');
    this.batches.push(variables.decisions);
    let accepted = 0;
    let duplicates = 0;
    const rejected: Array<{ index: number; code: string; message: string }> = [];
    variables.decisions.forEach((row, index) => {
      if (!ISO_WITH_OFFSET.test(row.occurredAt)) return rejected.push({ index, code: 'INVALID_FIELD', message: 'occurredAt must be an ISO-8601 date-time with an offset' });
      const content = JSON.stringify(row);
      const known = this.stored.get(row.decisionId);
      if (known === undefined) {
        this.stored.set(row.decisionId, content);
        accepted++;
      } else if (known === content) duplicates++;
      else rejected.push({ index, code: 'DECISION_ID_CONFLICT', message: `decision ${row.decisionId} was stored with other content` });
      return undefined;
    });
    send(200, { data: { recordDecisions: { accepted, duplicates, rejected, auditSeq: accepted > 0 ? this.batches.length : null } } });
  }
}

describe('fulcrum decisions import (real HTTP against a fake GraphQL endpoint)', () => {
  let gateway: FakeGateway;
  let dir: TempDir;

  beforeEach(async () => {
    gateway = new FakeGateway();
    await gateway.start();
    dir = makeTempDir('fulcrum-cli-');
  });

  afterEach(async () => {
    await gateway.stop();
    dir.remove();
  });

  /** The real command with real file and network access, as main.ts wires it. */
  async function cli(args: string[], env: Record<string, string> = { FULCRUM_GRAPHQL_URL: gateway.url, FULCRUM_TOKEN: TOKEN }, cwd = dir.path) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await dispatch(['decisions', 'import', ...args], {
      readFile: (path) => readFileSync(resolve(cwd, path), 'utf8'),
      openFile: (path) => createReadStream(resolve(cwd, path)),
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env,
      cwd,
    });
    return { code, out, err: err.join('\n') };
  }

  function file(name: string, text: string): string {
    writeFileSync(join(dir.path, name), text);
    return name;
  }

  // CRLF and a BOM as spreadsheets write them; a quoted field spanning two lines shifts later line numbers.
  const CSV =
    '\uFEFFid,subject,when,purpose,decision,probability,sex,race,comment\r\n' + // line 1
    'd1,s1,2026-03-01T09:30:00Z,credit,approve,0.91,F,B,plain\r\n' + // line 2
    'd2,s2,2026-03-01T09:31:00Z,credit,deny,0.12,M,W,"two\r\nlines"\r\n' + // lines 3-4
    'd3,s3,yesterday,credit,approve,0.77,F,W,bad date\r\n' + // line 5: rejected by the service
    'd4,s4,2026-03-01T09:33:00Z,credit,deny,n/a,M,B,bad score\r\n' + // line 6: rejected locally
    '\r\n' + // line 7: empty, skipped
    'd5,s5,2026-03-01T09:34:00+01:00,credit,approve,,"F",,"quote ""q"", comma"\r\n' + // line 8
    'd6,s6,2026-03-01T09:35:00Z,credit,approve,0.66,M,A,last\r\n'; // line 9
  const ARGS = ['--project', PROJECT_ID, '--model-version', VERSION_ID, '--map', 'decisionId=id,subjectRef=subject,occurredAt=when,outcome=decision,score=probability', '--attributes', 'sex,race'];

  it('sends batches, reports rejections with their CSV lines, and exits 1 when rows were rejected', async () => {
    const res = await cli([file('decisions.csv', CSV), ...ARGS, '--batch-size', '2']);
    expect(res.out).toEqual([
      'line 5: INVALID_FIELD: occurredAt must be an ISO-8601 date-time with an offset',
      'line 6: INVALID_FIELD: score is not a number: "n/a" (column "probability")',
      '6 rows in 3 batches: 4 accepted, 0 duplicates, 2 rejected',
    ]);
    expect(res.code).toBe(1);
    expect(gateway.batches.map((b) => b.map((r) => r.decisionId))).toEqual([['d1', 'd2'], ['d3', 'd5'], ['d6']]);
    expect(gateway.batches[0][0]).toEqual({
      decisionId: 'd1', subjectRef: 's1', occurredAt: '2026-03-01T09:30:00Z', purpose: 'credit', outcome: 'approve', score: 0.91, attributes: { sex: 'F', race: 'B' },
    });
    // Empty score and race cells: no score sent, race null (missing).
    expect(gateway.batches[1][1]).toEqual({
      decisionId: 'd5', subjectRef: 's5', occurredAt: '2026-03-01T09:34:00+01:00', purpose: 'credit', outcome: 'approve', attributes: { sex: 'F', race: null },
    });
    expect(res.err).toContain('batch 2 (lines 5-8, 2 rows): 1 accepted, 0 duplicates, 1 rejected');
  });

  it('counts a re-run as duplicates, not new rows, and exits 0 when nothing was rejected', async () => {
    const clean = CSV.split('\r\n').filter((_, i) => i !== 4 && i !== 5).join('\r\n');
    const name = file('clean.csv', clean);
    const first = await cli([name, ...ARGS]);
    expect(first).toMatchObject({ code: 0, out: ['4 rows in 1 batch: 4 accepted, 0 duplicates, 0 rejected'] });
    const again = await cli([name, ...ARGS]);
    expect(again).toMatchObject({ code: 0, out: ['4 rows in 1 batch: 0 accepted, 4 duplicates, 0 rejected'] });
    expect(gateway.stored.size).toBe(4);
    // Same ids with other content are conflicts, named by line.
    const changed = await cli([file('changed.csv', clean.replace('d1,s1,2026-03-01T09:30:00Z,credit,approve', 'd1,s1,2026-03-01T09:30:00Z,credit,deny')), ...ARGS]);
    expect(changed.out).toEqual(['line 2: DECISION_ID_CONFLICT: decision d1 was stored with other content', '4 rows in 1 batch: 0 accepted, 3 duplicates, 1 rejected']);
    expect(changed.code).toBe(1);
  });

  it('streams large files in batches of at most 10,000 rows, and smaller when rows are large', async () => {
    const rows = (n: number, pad: string) =>
      `decisionId,subjectRef,occurredAt,purpose,outcome,note\n${Array.from({ length: n }, (_, i) => `d${i},s${i % 50},2026-03-01T09:30:00Z,credit,${i % 2 ? 'approve' : 'deny'},${pad}`).join('\n')}\n`;
    const big = await cli([file('big.csv', rows(25_000, 'x')), '--project', PROJECT_ID, '--model-version', VERSION_ID]);
    expect(big).toMatchObject({ code: 0, out: ['25000 rows in 3 batches: 25000 accepted, 0 duplicates, 0 rejected'] });
    expect(gateway.batches.map((b) => b.length)).toEqual([10_000, 10_000, 5_000]);

    gateway.batches.length = 0;
    gateway.bodyBytes.length = 0;
    gateway.stored.clear();
    // ~700 bytes of attributes per row: 10,000 rows would exceed the gateway's body limit.
    const wide = await cli([file('wide.csv', rows(8_000, 'y'.repeat(700))), '--project', PROJECT_ID, '--model-version', VERSION_ID, '--attributes', 'note']);
    expect(wide.code).toBe(0);
    expect(gateway.batches.length).toBeGreaterThan(1);
    expect(gateway.batches.flat()).toHaveLength(8_000);
    for (const bytes of gateway.bodyBytes) expect(bytes).toBeLessThanOrEqual(4 * 1024 * 1024 + 1024);
  });

  it('stops with exit 2 when a batch is refused as a whole, naming the first line not sent', async () => {
    const name = file('decisions.csv', CSV);
    const wrongVersion = await cli([name, ...ARGS.map((a) => (a === VERSION_ID ? '00000000-0000-4000-8000-000000000000' : a))]);
    expect(wrongVersion.code).toBe(2);
    expect(wrongVersion.err).toMatch(/batch 1 was not recorded: NOT_FOUND: No such model version\./);
    expect(wrongVersion.err).toMatch(/rows from line 2 on were not sent/);
    expect(wrongVersion.out).toEqual(['0 rows in 0 batches: 0 accepted, 0 duplicates, 0 rejected']);
    const otherProject = await cli([name, ...ARGS.map((a) => (a === PROJECT_ID ? '00000000-0000-4000-8000-0000000000aa' : a))]);
    expect(otherProject.code).toBe(2);
    expect(otherProject.err).toMatch(/batch 1 was not recorded: NOT_FOUND: No such model version\./);

    const badToken = await cli([name, ...ARGS], { FULCRUM_GRAPHQL_URL: gateway.url, FULCRUM_TOKEN: 'ful_wrong' });
    expect(badToken.code).toBe(2);
    expect(badToken.err).toMatch(/UNAUTHENTICATED: The API token is not valid\./);

    // The second batch fails: the first stays counted, the message points at the second's first line.
    gateway.stored.clear();
    const original = gateway['handle'].bind(gateway);
    let calls = 0;
    gateway['handle'] = async (req: IncomingMessage, res: ServerResponse) => {
      calls++;
      if (calls === 2) gateway.failNextWith = { status: 413, body: { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Request body is too large' } };
      return original(req, res);
    };
    const partial = await cli([name, ...ARGS, '--batch-size', '2']);
    expect(partial.code).toBe(2);
    expect(partial.err).toMatch(/batch 2 was not recorded: HTTP_413: Request body is too large/);
    expect(partial.err).toMatch(/rows from line 5 on were not sent/);
    // Line 6's local rejection belongs to the refused batch: not reported, not counted.
    expect(partial.out).toEqual(['2 rows in 1 batch: 2 accepted, 0 duplicates, 0 rejected']);

    const closed = `http://127.0.0.1:${await freePort()}/graphql`;
    const unreachable = await cli([name, ...ARGS], { FULCRUM_GRAPHQL_URL: closed, FULCRUM_TOKEN: TOKEN });
    expect(unreachable.code).toBe(2);
    expect(unreachable.err).toContain(`NETWORK: cannot reach ${closed}: `);
    expect(unreachable.err).toMatch(/ECONNREFUSED/);
  });

  it('takes the URL and token from flags, else the environment, else .fulcrum/local.json', async () => {
    const name = file('decisions.csv', CSV);
    mkdirSync(join(dir.path, '.fulcrum'));
    writeFileSync(join(dir.path, '.fulcrum', 'local.json'), JSON.stringify({ graphqlUrl: gateway.url, adminToken: TOKEN, projectId: 'p' }));
    const fromFile = await cli([name, ...ARGS], {});
    expect(fromFile.code).toBe(1);
    expect(fromFile.out.at(-1)).toBe('6 rows in 1 batch: 4 accepted, 0 duplicates, 2 rejected');
    // The environment wins over the file, the flag over the environment.
    expect((await cli([name, ...ARGS], { FULCRUM_TOKEN: 'ful_wrong' })).err).toMatch(/UNAUTHENTICATED/);
    expect((await cli([name, ...ARGS, '--token', TOKEN], { FULCRUM_TOKEN: 'ful_wrong' })).out.at(-1)).toBe('6 rows in 1 batch: 0 accepted, 4 duplicates, 2 rejected');
  });
});
