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
import { dispatch } from '../cli.dispatcher';
import { UNPINNED_SERVER_KEY_WARNING } from './audit-verify-project.command';

const URL = 'http://gateway.test/graphql';
const TOKEN = 'ful_cli_entry_token';
const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
const OTHER = '00000000-0000-4000-8000-0000000000aa';
const PAM = 'user:0b7c6f1e-0000-4000-8000-0000000000a1';

/** A real Merkle log: entries 0-1 of PROJECT (v 1, before projects), 2 of OTHER, 3-5 of PROJECT (v 2, backlog actions). */
function trail() {
  const entries: AuditEntry[] = [];
  const projectOf: string[] = [];
  const add = (project: string, v2: boolean, action: string, subject: string) => {
    const seq = entries.length;
    const fields = { seq, at: new Date(Date.UTC(2026, 11, 7, 10, 0, seq)).toISOString(), actor: v2 ? PAM : 'token:1:ana', action, subject };
    const payloadHash = hashPayload(sealPayload({ seq }));
    entries.push(createAuditEntry(v2 ? { ...fields, v: 2, actorName: 'Pam PM', projectId: project, payloadHash } : { ...fields, payloadHash }));
    projectOf.push(project);
  };
  add(PROJECT, false, 'model.registered', 'model:0');
  add(PROJECT, false, 'model.registered', 'model:1');
  add(OTHER, true, 'item.created', 'backlog-item:other');
  add(PROJECT, true, 'item.created', 'backlog-item:42');
  add(PROJECT, true, 'item.state-moved', 'backlog-item:42');
  add(PROJECT, true, 'item.accepted', 'backlog-item:42');
  return { entries, projectOf, log: MerkleLog.fromLeafHashes(entries.map((e) => auditEntryLeafHash(e))) };
}

/**
 * The gateway's `auditProof` and `auditPublicKey` as fetch answers them, from the real log and a
 * real signing key. `tamper` edits the proof before it is served.
 */
class FakeGateway {
  readonly data = trail();
  signer = TreeHeadSigner.generate();
  tamper?: (proof: { entry: Record<string, unknown>; treeHead: Record<string, unknown>; inclusion: { leafIndex: number; treeSize: number; leafHash: string; path: string[] } }) => void;
  readonly queries: string[] = [];

  dto(seq: number): Record<string, unknown> {
    const e = this.data.entries[seq] as AuditEntry;
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

  answer(body: { query: string; variables: Record<string, unknown> }, authorization: string | null): unknown {
    if (authorization !== `Bearer ${TOKEN}`) return { data: null, errors: [{ message: 'The API token is not valid.', extensions: { code: 'UNAUTHENTICATED' } }] };
    const name = /auditProof|auditPublicKey/.exec(body.query)?.[0] ?? 'unknown';
    this.queries.push(name);
    const pem = this.signer.exportPublicKey();
    if (name === 'auditPublicKey') return { data: { auditPublicKey: { publicKeyPem: pem, keyId: publicKeyFingerprint(pem) } } };
    if (name !== 'auditProof') return { data: null, errors: [{ message: 'unexpected query', extensions: { code: 'BAD_USER_INPUT' } }] };
    const seq = body.variables['seq'] as number;
    if (this.data.projectOf[seq] !== body.variables['projectId']) return { data: null, errors: [{ message: `No audit trail entry ${seq}`, extensions: { code: 'NOT_FOUND' } }] };
    const size = this.data.log.size;
    const head = this.signer.signRoot(size, this.data.log.root(size), new Date('2026-12-07T11:00:00Z'));
    const proof = {
      entry: this.dto(seq),
      treeHead: { ...head, keyId: publicKeyFingerprint(pem) } as Record<string, unknown>,
      inclusion: { leafIndex: seq, treeSize: size, leafHash: hashToHex(this.data.log.leafHash(seq)), path: this.data.log.inclusionProof(seq, size).map(hashToHex) },
    };
    this.tamper?.(proof);
    return { data: { auditProof: proof } };
  }
}

describe('fulcrum audit verify-entry', () => {
  let gateway: FakeGateway;
  let files: Record<string, string>;

  beforeEach(() => {
    gateway = new FakeGateway();
    files = {};
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      expect(String(url)).toBe(URL);
      const headers = new Headers(init?.headers);
      const reply = gateway.answer(JSON.parse(String(init?.body)) as { query: string; variables: Record<string, unknown> }, headers.get('authorization'));
      return new Response(JSON.stringify(reply), { status: 200, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => jest.restoreAllMocks());

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await dispatch(['audit', 'verify-entry', ...args], {
      readFile: (path) => {
        if (!(path in files)) throw new Error(`ENOENT: ${path}`);
        return files[path] as string;
      },
      openFile: () => {
        throw new Error('not used');
      },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { FULCRUM_GRAPHQL_URL: URL, FULCRUM_TOKEN: TOKEN },
      cwd: '/nowhere',
    });
    return { code, out, err: err.join('\n') };
  }

  it('proves one entry in the signed head and prints who did what, with the pinned key', async () => {
    files['key.pem'] = gateway.signer.exportPublicKey();
    const res = await cli(['--project', PROJECT, '--seq', '5', '--public-key', 'key.pem']);
    const root = hashToHex(gateway.data.log.root());
    expect(res).toEqual({
      code: 0,
      out: [
        `OK: entry 5 of project ${PROJECT} proven in the signed tree head of size 6, root ${root}, key ${publicKeyFingerprint(gateway.signer.exportPublicKey())} (pinned by --public-key)`,
        `  actor:   ${PAM} (Pam PM)`,
        '  action:  item.accepted',
        '  subject: backlog-item:42',
        '  at:      2026-12-07T10:00:05.000Z',
      ],
      err: '',
    });
    expect(gateway.queries).toEqual(['auditProof']);
  });

  it('proves an old (v 1) entry too, and warns when the key came from the server', async () => {
    const res = await cli(['--project', PROJECT, '--seq', '0']);
    expect(res.code).toBe(0);
    expect(res.out[0]).toMatch(/^OK: entry 0 of project .* \(from the server, not pinned\)$/);
    expect(res.out[1]).toBe('  actor:   token:1:ana');
    expect(res.err).toBe(UNPINNED_SERVER_KEY_WARNING);
    expect(gateway.queries).toEqual(['auditPublicKey', 'auditProof']);
  });

  it('exits 1 naming why when the proof, the entry or the signature does not verify', async () => {
    const tampered = async (tamper: NonNullable<FakeGateway['tamper']>, seq = '4') => {
      gateway.tamper = tamper;
      const res = await cli(['--project', PROJECT, '--seq', seq]);
      expect(res.code).toBe(1);
      expect(res.out).toHaveLength(1);
      return res.out[0];
    };
    // An audit path with one hash changed no longer reaches the signed root.
    expect(
      await tampered((p) => {
        const first = p.inclusion.path[0] as string;
        p.inclusion.path[0] = `${first[0] === '0' ? '1' : '0'}${first.slice(1)}`;
      }),
    ).toBe(`TAMPERED: entry 4: its audit path does not lead to the signed root ${hashToHex(gateway.data.log.root())}`);
    expect(await tampered((p) => void p.inclusion.path.pop())).toMatch(/^TAMPERED: entry 4: its audit path does not lead to the signed root/);
    // A changed field no longer hashes to the recorded leaf; a recomputed leaf is not the proven one.
    expect(await tampered((p) => void (p.entry['actor'] = 'user:0b7c6f1e-0000-4000-8000-00000000ffff'))).toMatch(/^TAMPERED: entry 4: its fields hash to [0-9a-f]{64}, the log recorded/);
    expect(
      await tampered((p) => {
        p.entry['action'] = 'item.rejected';
        p.entry['leafHash'] = hashToHex(auditEntryLeafHash(createAuditEntry(p.entry as unknown as AuditEntry)));
      }),
    ).toMatch(/^TAMPERED: entry 4: the proof is for another leaf/);
    // Another root under the same signature, another entry than asked, a leaf naming another project.
    expect(await tampered((p) => void (p.treeHead['rootHash'] = hashToHex(gateway.data.log.root(5))))).toBe('TAMPERED: the signed tree head of size 6 does not verify with the public key');
    expect(await tampered((p) => void (p.entry['seq'] = 3))).toBe('TAMPERED: asked for entry 4, the server proved entry 3');
    expect(await tampered((p) => void (p.entry['projectId'] = OTHER))).toBe(`TAMPERED: entry 4: its leaf names project ${OTHER}, not ${PROJECT}`);
    // A head signed by a key that is not the pinned one.
    gateway.tamper = undefined;
    files['other.pem'] = TreeHeadSigner.generate().exportPublicKey();
    expect(await cli(['--project', PROJECT, '--seq', '4', '--public-key', 'other.pem'])).toMatchObject({
      code: 1,
      out: ['TAMPERED: the signed tree head of size 6 does not verify with the public key'],
    });
  });

  it('exits 2 on bad usage, a bad key file, an entry of another project, or a refused token', async () => {
    expect(await cli([])).toMatchObject({ code: 2, err: expect.stringMatching(/--project <id> is required/) });
    expect(await cli(['--project', PROJECT])).toMatchObject({ code: 2, err: expect.stringMatching(/--seq <n> is required/) });
    expect(await cli(['--project', 'p1', '--seq', '1'])).toMatchObject({ code: 2, err: expect.stringMatching(/must be a project id \(a UUID\)/) });
    for (const seq of ['-1', '1.5', 'x', '99999999999']) {
      expect(await cli(['--project', PROJECT, '--seq', seq])).toMatchObject({ code: 2, err: expect.stringMatching(/^--seq must be a whole number from 0 to 2147483647/) });
    }
    expect(await cli(['--project', PROJECT, '--seq', '1', '--seq', '2'])).toMatchObject({ code: 2, err: expect.stringMatching(/--seq is given twice/) });
    expect(await cli(['--project', PROJECT, '--seq', '1', 'extra'])).toMatchObject({ code: 2, err: expect.stringMatching(/unexpected argument extra/) });
    files['bad.pem'] = 'not a key';
    expect(await cli(['--project', PROJECT, '--seq', '1', '--public-key', 'bad.pem'])).toMatchObject({ code: 2, err: expect.stringMatching(/not an Ed25519 public key/) });
    expect(await cli(['--project', PROJECT, '--seq', '1', '--public-key', 'missing.pem'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read --public-key missing.pem/) });
    expect(await cli(['--project', PROJECT, '--seq', '2'])).toMatchObject({ code: 2, err: `cannot verify entry 2 of project ${PROJECT}: NOT_FOUND: No audit trail entry 2` });
    expect(await cli(['--project', PROJECT, '--seq', '1', '--token', 'ful_wrong'])).toMatchObject({ code: 2, err: expect.stringMatching(/UNAUTHENTICATED: The API token is not valid/) });
    expect(gateway.queries.filter((q) => q === 'auditProof')).toHaveLength(1);
  });
});
