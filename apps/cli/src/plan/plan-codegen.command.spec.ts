import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type TempDir, makeTempDir } from '@fulcrum/testing';
import type { CliIo } from '../cli-io';
import { dispatch } from '../cli.dispatcher';
import { definition, shopPlan } from './plan-codegen.test-helpers';
import { generateTrackingPlanModule } from './plan-codegen.generator';

const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
const TOKEN = 'ful_plan_codegen_token';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('fulcrum-plan-codegen-');
});
afterEach(() => dir.remove());

/** Runs `fulcrum …` in the temp dir with real files; answers the exit code and what was printed. */
async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readFile: (path) => readFileSync(resolve(dir.path, path), 'utf8'),
    openFile: (path) => createReadStream(resolve(dir.path, path)),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    cwd: dir.path,
  };
  const code = await dispatch(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const writePlan = (name: string, value: unknown) => writeFileSync(join(dir.path, name), typeof value === 'string' ? value : JSON.stringify(value));

describe('fulcrum plan codegen --file', () => {
  it('writes the module for an exported plan to --out, and says what it wrote', async () => {
    writePlan('plan.json', shopPlan());
    const result = await run(['plan', 'codegen', '--file', 'plan.json', '--version', '3', '--out', 'tracking.ts']);
    expect(result).toEqual({ code: 0, out: '', err: 'wrote tracking.ts: 3 track functions (plan version 3)' });
    expect(readFileSync(join(dir.path, 'tracking.ts'), 'utf8')).toBe(generateTrackingPlanModule(shopPlan(), { planVersion: 3 }));
  });

  it('prints the module to stdout without --out (plan version not given)', async () => {
    writePlan('plan.json', shopPlan());
    const result = await run(['plan', 'codegen', '--file', 'plan.json']);
    expect(result.code).toBe(0);
    expect(`${result.out}\n`).toBe(generateTrackingPlanModule(shopPlan(), { planVersion: null }));
    expect(result.err).toBe('');
  });

  it.each([
    ['an unreadable file', null, /^cannot read missing\.json: ENOENT/],
    ['a file that is not JSON', '{"events": [', /^missing\.json is not JSON: /],
    ['JSON that is not a plan document', { events: [{ name: 'x' }], traits: null }, /^missing\.json: not a tracking plan document: \/events\/0 must have required property 'description'/],
    ['a document with an unknown field', { events: [], traits: null, extra: 1 }, /^missing\.json: not a tracking plan document: \(root\) must NOT have additional properties \(extra\)/],
    ['an event called $traits', { events: [definition('$traits', { type: 'object' })], traits: null }, /\/events\/0\/name \$traits names the traits definition/],
    [
      'a document a publish would refuse (a name twice, a schema that is no object schema)',
      { events: [definition('A', { type: 'object' }), definition('A', { type: 'string' })], traits: null },
      /^missing\.json: not a valid tracking plan document:\n {2}\/events\/1\/name: DUPLICATE_EVENT_NAME: .*\n {2}\/events\/1\/properties\/type: NOT_AN_OBJECT_SCHEMA/,
    ],
  ])('refuses %s with exit 2 and writes nothing', async (_what, content, message) => {
    if (content !== null) writePlan('missing.json', content);
    const result = await run(['plan', 'codegen', '--file', 'missing.json', '--out', 'tracking.ts']);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
    expect(() => readFileSync(join(dir.path, 'tracking.ts'))).toThrow('ENOENT');
  });

  it('says when --out cannot be written (exit 2)', async () => {
    writePlan('plan.json', shopPlan());
    const result = await run(['plan', 'codegen', '--file', 'plan.json', '--out', 'no-such-dir/tracking.ts']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^cannot write no-such-dir\/tracking\.ts: ENOENT/);
  });

  it.each([
    [[], 'give --file <exported-plan.json> or --gateway <graphql-url> --project <id>'],
    [['--file', 'a.json', '--gateway', 'http://x/graphql'], 'give either --file or --gateway, not both'],
    [['--file', 'a.json', '--project', PROJECT], '--project goes with --gateway, not --file'],
    [['--file'], '--file needs a value'],
    [['--file', 'a.json', '--file', 'b.json'], '--file is given twice'],
    [['--file', 'a.json', '--version', '0'], '--version must be a plan version (1, 2, …), not "0"'],
    [['--file', 'a.json', '--format', 'js'], 'unknown option --format'],
    [['a.json'], 'unexpected argument a.json'],
    [['--gateway', 'not a url', '--project', PROJECT, '--token', 't'], `--gateway must be a URL (the gateway's /graphql), not "not a url"`],
    [['--gateway', 'ftp://x/graphql', '--project', PROJECT, '--token', 't'], '--gateway must be an http or https URL: ftp://x/graphql'],
    [['--gateway', 'http://x/graphql', '--token', 't'], '--project <id> is required with --gateway'],
    [['--gateway', 'http://x/graphql', '--project', 'p1', '--token', 't'], '--project must be a project id (a UUID), not "p1"'],
    [['--gateway', 'http://x/graphql', '--project', PROJECT], 'no API token: pass --token or set FULCRUM_TOKEN'],
  ])('refuses the usage %j with exit 2', async (argv, message) => {
    const result = await run(['plan', 'codegen', ...argv]);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')).toEqual([message, expect.stringMatching(/^usage: fulcrum plan codegen /)]);
  });

  it('is listed in the usage text', async () => {
    const result = await run(['help']);
    expect(result.out).toContain('plan codegen (--file <exported-plan.json> | --gateway <graphql-url> --project <id> [--token <token>]) [--version <n>] [--out <file.ts>]');
  });
});

/** The gateway's `trackingPlan` and `exportTrackingPlan` over real HTTP, with versions 1 and 2 of a plan. */
class FakeGateway {
  readonly versions = new Map<number, unknown>([
    [1, { events: [definition('Signed Up', { type: 'object' })], traits: null }],
    [2, shopPlan()],
  ]);
  current: number | null = 2;
  /** Replaces the answer (status, raw body) of every request when set. */
  answer?: { status: number; body: string };
  readonly requests: Array<{ query: string; variables: Record<string, unknown> }> = [];
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
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables: Record<string, unknown> };
    this.requests.push(request);
    const send = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (this.answer) return send(this.answer.body, this.answer.status);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send({ data: null, errors: [{ message: 'The API token is not valid.', extensions: { code: 'UNAUTHENTICATED' } }] });
    if (request.variables['projectId'] !== PROJECT) return send({ data: null, errors: [{ message: 'No such project.', extensions: { code: 'NOT_FOUND' } }] });
    if (/exportTrackingPlan\(/.test(request.query)) {
      const version = (request.variables['version'] as number | null) ?? this.current;
      if (version === null) return send({ data: { exportTrackingPlan: null } });
      if (!this.versions.has(version)) return send({ data: null, errors: [{ message: `No tracking plan version ${version}.`, extensions: { code: 'NOT_FOUND' } }] });
      return send({ data: { exportTrackingPlan: this.versions.get(version) } });
    }
    if (/trackingPlan\(/.test(request.query)) return send({ data: { trackingPlan: { currentVersion: this.current } } });
    return send({ data: null, errors: [{ message: 'unknown query' }] }, 400);
  }
}

describe('fulcrum plan codegen --gateway', () => {
  const gateway = new FakeGateway();
  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());
  beforeEach(() => {
    gateway.answer = undefined;
    gateway.current = 2;
    gateway.requests.length = 0;
  });

  it('exports the current version (its number asked first, so both belong together) and writes the module', async () => {
    const result = await run(['plan', 'codegen', '--gateway', gateway.url, '--project', PROJECT, '--out', 'tracking.ts'], { FULCRUM_TOKEN: TOKEN });
    expect(result).toEqual({ code: 0, out: '', err: 'wrote tracking.ts: 3 track functions (plan version 2)' });
    expect(readFileSync(join(dir.path, 'tracking.ts'), 'utf8')).toBe(generateTrackingPlanModule(shopPlan(), { planVersion: 2 }));
    expect(gateway.requests.map((r) => r.variables)).toEqual([{ projectId: PROJECT }, { projectId: PROJECT, version: 2 }]);
    expect(gateway.requests[1].query).toContain('exportTrackingPlan(projectId: $projectId, version: $version)');
  });

  it('exports the --version asked for, with --token', async () => {
    const result = await run(['plan', 'codegen', '--gateway', gateway.url, '--project', PROJECT, '--version', '1', '--token', TOKEN]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('export function trackSignedUp(');
    expect(result.out).toContain('Track functions for the tracking plan version 1: 1 event.');
    expect(gateway.requests.map((r) => r.variables)).toEqual([{ projectId: PROJECT, version: 1 }]);
  });

  it.each<[string, string[], Record<string, string>, string]>([
    ['a refused token', [], { FULCRUM_TOKEN: 'ful_wrong' }, 'UNAUTHENTICATED: The API token is not valid.'],
    ['an unknown project', ['--project', '00000000-0000-4000-8000-0000000000aa'], {}, 'NOT_FOUND: No such project.'],
    ['a version the project does not have', ['--version', '9'], {}, 'NOT_FOUND: No tracking plan version 9.'],
  ])('reports %s with its code (exit 2)', async (_what, extra, env, message) => {
    const project = extra.includes('--project') ? [] : ['--project', PROJECT];
    const result = await run(['plan', 'codegen', '--gateway', gateway.url, ...project, ...extra, '--out', 'tracking.ts'], { FULCRUM_TOKEN: TOKEN, ...env });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^cannot export the plan of project [0-9a-f-]{36}: /);
    expect(result.err).toContain(message);
    expect(() => readFileSync(join(dir.path, 'tracking.ts'))).toThrow('ENOENT');
  });

  it('says when nothing is published yet', async () => {
    gateway.current = null;
    const result = await run(['plan', 'codegen', '--gateway', gateway.url, '--project', PROJECT], { FULCRUM_TOKEN: TOKEN });
    expect(result).toEqual({ code: 2, out: '', err: `cannot export the plan of project ${PROJECT}: NOT_PUBLISHED: project ${PROJECT} has no published tracking plan yet` });
  });

  it('reports an HTTP error without JSON, and an answer that is not a plan document', async () => {
    gateway.answer = { status: 502, body: '<html>Bad Gateway</html>' };
    const http = await run(['plan', 'codegen', '--gateway', gateway.url, '--project', PROJECT, '--version', '2'], { FULCRUM_TOKEN: TOKEN });
    expect(http).toEqual({ code: 2, out: '', err: `cannot export the plan of project ${PROJECT}: HTTP_502: the gateway answered HTTP 502 without JSON: <html>Bad Gateway</html>` });
    gateway.answer = { status: 200, body: JSON.stringify({ data: { exportTrackingPlan: { events: 'nope', traits: null } } }) };
    const shape = await run(['plan', 'codegen', '--gateway', gateway.url, '--project', PROJECT, '--version', '2'], { FULCRUM_TOKEN: TOKEN });
    expect(shape.code).toBe(2);
    expect(shape.err).toBe(`${gateway.url} (project ${PROJECT}, version 2): not a tracking plan document: /events must be array`);
  });

  it('reports a gateway that cannot be reached as NETWORK', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const result = await run(['plan', 'codegen', '--gateway', `http://127.0.0.1:${port}/graphql`, '--project', PROJECT], { FULCRUM_TOKEN: TOKEN });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(new RegExp(`^cannot export the plan of project ${PROJECT}: NETWORK: cannot reach http://127\\.0\\.0\\.1:${port}/graphql: .*ECONNREFUSED`));
  });
});
