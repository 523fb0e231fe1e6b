import { readFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type AuditEntry,
  MerkleLog,
  TreeHeadSigner,
  auditEntryLeafHash,
  createAuditEntry,
  hashPayload,
  hashToHex,
  publicKeyFingerprint,
  sealPayload,
} from '@fulcrum/audit-log';
import { type TempDir, makeTempDir } from '@fulcrum/testing';
import { dispatch } from '../src/cli.dispatcher';

const TOKEN = 'ful_cli_audit_token';
const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
const OTHER = '00000000-0000-4000-8000-0000000000aa';
const AT = '2026-03-01T09:30:00.000Z';

/** An audit trail as governance keeps it: one tree, entries of two projects and instance-level ones, old (v1) and new (v2). */
function trail(): { entries: AuditEntry[]; projectOf: Array<string | null>; log: MerkleLog } {
  const entries: AuditEntry[] = [];
  const projectOf: Array<string | null> = [];
  const add = (project: string | null, v2: boolean) => {
    const seq = entries.length;
    const fields = { seq, at: AT, actor: v2 ? 'user:0b7c6f1e-0000-4000-8000-0000000000a1' : 'token:1:ana', action: 'model.registered', subject: `model:${seq}` };
    const payloadHash = hashPayload(sealPayload({ seq }));
    entries.push(createAuditEntry(v2 ? { ...fields, v: 2, actorName: 'Ana', projectId: project, payloadHash } : { ...fields, payloadHash }));
    projectOf.push(project);
  };
  // Entries 0-1 from before projects (adopted into PROJECT), then new ones of PROJECT, OTHER and the instance.
  add(PROJECT, false);
  add(PROJECT, false);
  add(OTHER, true);
  for (let i = 0; i < 5; i++) add(PROJECT, true);
  add(null, true);
  add(PROJECT, true);
  return { entries, projectOf, log: MerkleLog.fromLeafHashes(entries.map((e) => auditEntryLeafHash(e))) };
}

/**
 * The gateway's audit-trail queries over real HTTP, answered from a real Merkle log and a real
 * signing key: `auditTrail` pages a project's entries, `auditProof` proves one of them (NOT_FOUND
 * for another project's), `auditPublicKey` names the key. Tests tamper with what it serves.
 */
class FakeGateway {
  readonly data = trail();
  signer = TreeHeadSigner.generate();
  /** Changes a listed entry before it is served (tampering in transit or in storage). */
  tamperListing?: (entry: Record<string, unknown>) => void;
  readonly queries: string[] = [];
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

  private dto(seq: number): Record<string, unknown> {
    const e = this.data.entries[seq];
    return {
      v: e.v === 2 ? 2 : 1,
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      actorName: e.v === 2 ? e.actorName : null,
      projectId: this.data.projectOf[seq],
      action: e.action,
      subject: e.subject,
      payloadHash: e.payloadHash,
      leafHash: hashToHex(this.data.log.leafHash(seq)),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables: Record<string, unknown> };
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send({ data: null, errors: [{ message: 'The API token is not valid.', extensions: { code: 'UNAUTHENTICATED' } }] });
    const name = /auditTrail|auditProof|auditPublicKey/.exec(query)?.[0] ?? 'unknown';
    this.queries.push(name);
    if (name === 'auditPublicKey') return send({ data: { auditPublicKey: { publicKeyPem: this.signer.exportPublicKey(), keyId: publicKeyFingerprint(this.signer.exportPublicKey()) } } });
    const projectId = variables['projectId'];
    const seqs = this.data.entries.map((e) => e.seq).filter((s) => this.data.projectOf[s] === projectId);
    if (name === 'auditTrail') {
      const first = variables['first'] as number;
      const after = variables['after'] === null || variables['after'] === undefined ? -1 : Number(variables['after']);
      const rest = seqs.filter((s) => s > after);
      const nodes = rest.slice(0, first).map((s) => {
        const dto = this.dto(s);
        this.tamperListing?.(dto);
        return dto;
      });
      const endCursor = nodes.length > 0 ? String(nodes[nodes.length - 1]['seq']) : null;
      return send({ data: { auditTrail: { totalCount: seqs.length, pageInfo: { hasNextPage: rest.length > first, endCursor }, nodes } } });
    }
    if (name === 'auditProof') {
      const seq = variables['seq'] as number;
      if (!seqs.includes(seq)) return send({ data: null, errors: [{ message: `No audit trail entry ${seq}`, extensions: { code: 'NOT_FOUND' } }] });
      const size = (variables['treeSize'] as number | null) ?? this.data.log.size;
      const head = this.signer.signRoot(size, this.data.log.root(size), new Date(AT));
      return send({
        data: {
          auditProof: {
            entry: this.dto(seq),
            treeHead: { ...head, keyId: publicKeyFingerprint(this.signer.exportPublicKey()) },
            inclusion: { leafIndex: seq, treeSize: size, leafHash: hashToHex(this.data.log.leafHash(seq)), path: this.data.log.inclusionProof(seq, size).map(hashToHex) },
          },
        },
      });
    }
    return send({ data: null, errors: [{ message: 'unexpected query', extensions: { code: 'BAD_USER_INPUT' } }] });
  }
}

describe('fulcrum audit verify-project (against a fake gateway over real HTTP)', () => {
  let gateway: FakeGateway;
  let dir: TempDir;

  beforeEach(async () => {
    gateway = new FakeGateway();
    await gateway.start();
    dir = makeTempDir('fulcrum-cli-audit-');
  });

  afterEach(async () => {
    await gateway.stop();
    dir.remove();
  });

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await dispatch(['audit', 'verify-project', ...args], {
      readFile: (path) => readFileSync(join(dir.path, path), 'utf8'),
      openFile: () => {
        throw new Error('not used');
      },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { FULCRUM_GRAPHQL_URL: gateway.url, FULCRUM_TOKEN: TOKEN },
      cwd: dir.path,
    });
    return { code, out, err: err.join('\n') };
  }

  it("proves every entry of the project, old and new, page by page, against one signed head", async () => {
    const res = await cli(['--project', PROJECT, '--page-size', '3']);
    const size = gateway.data.entries.length;
    const root = hashToHex(gateway.data.log.root());
    expect(res.out).toEqual([
      `OK: 8 entries of project ${PROJECT} proven in the signed tree head of size ${size}, root ${root}, key ${publicKeyFingerprint(gateway.signer.exportPublicKey())} (from the server, not pinned)`,
    ]);
    expect(res.code).toBe(0);
    expect(res.err).toMatch(/not pinned/);
    // Three pages of the project's list, one proof per entry.
    expect(gateway.queries.filter((q) => q === 'auditTrail')).toHaveLength(3);
    expect(gateway.queries.filter((q) => q === 'auditProof')).toHaveLength(8);

    const pem = join(dir.path, 'key.pem');
    writeFileSync(pem, gateway.signer.exportPublicKey());
    const pinned = await cli(['--project', PROJECT, '--public-key', 'key.pem']);
    expect(pinned.out[0]).toMatch(/\(pinned by --public-key\)$/);
    expect(pinned.err).toBe('');
    expect(await cli(['--project', '7d1f3c9e-2b8a-4e6f-8c1d-9a0b1c2d3e4f'])).toMatchObject({ code: 0, out: [expect.stringMatching(/has no audit-trail entries/)] });
  });

  it('names the first entry that does not verify: an altered field, a moved project, a key that did not sign', async () => {
    gateway.tamperListing = (e) => {
      if (e['seq'] === 4) e['actorName'] = 'Mallory';
    };
    expect(await cli(['--project', PROJECT])).toMatchObject({ code: 1, out: [expect.stringMatching(/^TAMPERED: entry 4: its fields hash to [0-9a-f]{64}, the log recorded/)] });

    gateway.tamperListing = (e) => {
      if (e['seq'] === 1) e['action'] = 'model.deleted';
    };
    expect((await cli(['--project', PROJECT])).out[0]).toMatch(/^TAMPERED: entry 1: /);

    gateway.tamperListing = (e) => {
      if (e['seq'] === 3) e['projectId'] = OTHER;
    };
    expect((await cli(['--project', PROJECT])).out[0]).toBe(`TAMPERED: entry 3: its leaf names project ${OTHER}, not ${PROJECT}`);

    // A recomputed leaf hash does not help: the audit path no longer leads to the signed root.
    gateway.tamperListing = (e) => {
      if (e['seq'] === 5) {
        e['subject'] = 'model:forged';
        e['leafHash'] = hashToHex(auditEntryLeafHash(createAuditEntry(e as unknown as AuditEntry)));
      }
    };
    expect((await cli(['--project', PROJECT])).out[0]).toMatch(/^TAMPERED: entry 5: the proof is for another leaf/);

    gateway.tamperListing = undefined;
    writeFileSync(join(dir.path, 'other.pem'), TreeHeadSigner.generate().exportPublicKey());
    expect(await cli(['--project', PROJECT, '--public-key', 'other.pem'])).toMatchObject({
      code: 1,
      out: [expect.stringMatching(/^TAMPERED: the signed tree head of size \d+ does not verify with the public key/)],
    });
  });

  it('exits 2 on bad usage, a bad key file, or a refused request', async () => {
    expect(await cli([])).toMatchObject({ code: 2, err: expect.stringMatching(/--project <id> is required/) });
    expect(await cli(['--project', 'p1'])).toMatchObject({ code: 2, err: expect.stringMatching(/must be a project id \(a UUID\)/) });
    expect(await cli(['--project', PROJECT, '--page-size', '1001'])).toMatchObject({ code: 2, err: expect.stringMatching(/--page-size must be a whole number from 1 to 1000/) });
    expect(await cli(['--project', PROJECT, 'extra'])).toMatchObject({ code: 2, err: expect.stringMatching(/unexpected argument extra/) });
    writeFileSync(join(dir.path, 'bad.pem'), 'not a key');
    expect(await cli(['--project', PROJECT, '--public-key', 'bad.pem'])).toMatchObject({ code: 2, err: expect.stringMatching(/not an Ed25519 public key/) });
    expect(await cli(['--project', PROJECT, '--public-key', 'missing.pem'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read --public-key missing.pem/) });
    expect(await cli(['--project', PROJECT, '--token', 'ful_wrong'])).toMatchObject({ code: 2, err: expect.stringMatching(/UNAUTHENTICATED: The API token is not valid/) });
  });
});
