import {
  type AuditEntry,
  MerkleLog,
  TreeHeadSigner,
  auditEntryLeafHash,
  buildAuditExport,
  createAuditEntry,
  hashPayload,
  sealPayload,
} from '@fulcrum/audit-log';
import { dispatch } from '../cli.dispatcher';

/** A real log of `n` entries, exported and signed; the files live in a map the fake IO reads. */
function makeExport(n: number, signer = TreeHeadSigner.generate()) {
  const log = new MerkleLog();
  const entries: AuditEntry[] = [];
  for (let seq = 0; seq < n; seq++) {
    const entry = createAuditEntry({
      seq,
      at: new Date(Date.UTC(2026, 10, 21, 12, 0, seq)).toISOString(),
      actor: 'user:ds-1',
      action: 'model.registered',
      subject: `model:${seq}`,
      payloadHash: hashPayload(sealPayload({ name: `m${seq}` })),
    });
    entries.push(entry);
    log.append(auditEntryLeafHash(entry));
  }
  const head = signer.signRoot(n, log.root());
  return { exp: buildAuditExport({ entries, log, treeHead: head, publicKeyPem: signer.exportPublicKey() }), signer, log, entries };
}

async function run(argv: string[], files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await dispatch(argv, {
    readFile: (path) => {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      return files[path];
    },
    openFile: () => {
      throw new Error('not used by audit verify');
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
    cwd: '/nowhere',
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('fulcrum audit verify', () => {
  it('accepts an intact export and a pinned key', async () => {
    const { exp, signer } = makeExport(5);
    const res = await run(['audit', 'verify', 'e.json', '--public-key', 'k.pem'], { 'e.json': JSON.stringify(exp), 'k.pem': signer.exportPublicKey() });
    expect(res.code).toBe(0);
    expect(res.out).toBe(`OK: 5 entries, root ${exp.treeHead.rootHash}`);
  });

  it('names the first tampered entry and exits 1', async () => {
    const { exp } = makeExport(6);
    const tampered = JSON.parse(JSON.stringify(exp));
    tampered.entries[3].entry.actor = 'user:someone-else';
    const res = await run(['audit', 'verify', 'e.json'], { 'e.json': JSON.stringify(tampered) });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^TAMPERED: LEAF_HASH_MISMATCH at entry 3: /);
  });

  it('detects truncation and a key that is not the pinned one', async () => {
    const { exp } = makeExport(4);
    const truncated = { ...exp, entries: exp.entries.slice(0, 3) };
    expect((await run(['audit', 'verify', 'e.json'], { 'e.json': JSON.stringify(truncated) })).out).toMatch(/^TAMPERED: SIZE_MISMATCH/);
    const other = TreeHeadSigner.generate().exportPublicKey();
    const res = await run(['audit', 'verify', 'e.json', '--public-key', 'k.pem'], { 'e.json': JSON.stringify(exp), 'k.pem': other });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^TAMPERED: SIGNATURE_INVALID/);
  });

  it('checks consistency with an earlier signed head', async () => {
    const { exp, signer, log } = makeExport(7);
    const earlier = signer.signRoot(4, log.root(4));
    const ok = await run(['audit', 'verify', 'e.json', '--previous-head', 'h.json'], { 'e.json': JSON.stringify(exp), 'h.json': JSON.stringify(earlier) });
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain('consistent with the head of size 4');
    const forged = signer.signRoot(4, log.root(3));
    const bad = await run(['audit', 'verify', 'e.json', '--previous-head', 'h.json'], { 'e.json': JSON.stringify(exp), 'h.json': JSON.stringify(forged) });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^TAMPERED: CONSISTENCY_FAILED/);
  });

  it('exits 2 with usage on bad arguments or unreadable input', async () => {
    expect((await run(['audit', 'verify'], {})).code).toBe(2);
    expect((await run(['audit', 'verify', 'a', 'b'], {})).err).toContain('exactly one export file');
    expect((await run(['audit', 'verify', 'e.json', '--bogus'], { 'e.json': '{}' })).err).toContain('unknown option --bogus');
    expect(await run(['audit', 'verify', 'missing.json'], {})).toMatchObject({ code: 2 });
    expect(await run(['audit', 'verify', 'e.json'], { 'e.json': 'not json' })).toMatchObject({ code: 2 });
    expect((await run(['nope'], {})).code).toBe(2);
  });

  it('reports a malformed export as tampering input, not a crash', async () => {
    const res = await run(['audit', 'verify', 'e.json'], { 'e.json': JSON.stringify({ format: 'x' }) });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^TAMPERED: MALFORMED_EXPORT/);
  });
});
