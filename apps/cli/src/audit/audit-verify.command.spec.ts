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
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { dispatch } from '../cli.dispatcher';
import { UNPINNED_KEY_WARNING } from './audit-verify.command';

/** The fingerprint as documented (README): `sha256:` + hex SHA-256 of the key's DER SPKI — computed here without the library. */
const fingerprintOf = (pem: string): string =>
  `sha256:${createHash('sha256').update(createPublicKey(pem).export({ type: 'spki', format: 'der' })).digest('hex')}`;

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
  it('accepts an intact export and a pinned key, naming the key by its fingerprint', async () => {
    const { exp, signer } = makeExport(5);
    const res = await run(['audit', 'verify', 'e.json', '--public-key', 'k.pem'], { 'e.json': JSON.stringify(exp), 'k.pem': signer.exportPublicKey() });
    expect(res).toEqual({
      code: 0,
      out: `OK: 5 entries, root ${exp.treeHead.rootHash}, key ${fingerprintOf(signer.exportPublicKey())} (pinned by --public-key)`,
      err: '',
    });
    expect(fingerprintOf(signer.exportPublicKey())).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('warns on stderr when nothing pinned the key (it came from the export itself)', async () => {
    const { exp, signer } = makeExport(3);
    const res = await run(['audit', 'verify', 'e.json'], { 'e.json': JSON.stringify(exp) });
    expect(res).toEqual({
      code: 0,
      out: `OK: 3 entries, root ${exp.treeHead.rootHash}, key ${fingerprintOf(signer.exportPublicKey())} (from the export itself, not pinned)`,
      err: UNPINNED_KEY_WARNING,
    });
    expect(res.err).toMatch(/^warning: .*re-signed/);
  });

  it.each([
    [['--previous-head', 'h.json'], 'pinned by --previous-head'],
    [['--public-key', 'k.pem', '--previous-head', 'h.json'], 'pinned by --public-key and --previous-head'],
    [['--previous-head', 'h.json', '--public-key', 'k.pem'], 'pinned by --public-key and --previous-head'],
  ])('says what pinned the key with %j, without a warning', async (options, trust) => {
    const { exp, signer, log } = makeExport(6);
    const files = { 'e.json': JSON.stringify(exp), 'h.json': JSON.stringify(signer.signRoot(2, log.root(2))), 'k.pem': signer.exportPublicKey() };
    const res = await run(['audit', 'verify', 'e.json', ...options], files);
    expect(res).toEqual({
      code: 0,
      out: `OK: 6 entries, root ${exp.treeHead.rootHash}, consistent with the head of size 2, key ${fingerprintOf(signer.exportPublicKey())} (${trust})`,
      err: '',
    });
  });

  it('reads a pinned key with blank lines around it, and files with a byte-order mark', async () => {
    const { exp, signer } = makeExport(2);
    const res = await run(['audit', 'verify', 'e.json', '--public-key', 'k.pem'], {
      'e.json': `\uFEFF${JSON.stringify(exp)}`,
      'k.pem': `\n\n${signer.exportPublicKey().replace(/\n/g, '\r\n')}\r\n\r\n`,
    });
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toContain('(pinned by --public-key)');
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

  it('exits 2 with usage on bad arguments', async () => {
    expect((await run(['audit', 'verify'], {})).code).toBe(2);
    expect((await run(['audit', 'verify', 'a', 'b'], {})).err).toContain('exactly one export file');
    expect((await run(['audit', 'verify', 'e.json', '--bogus'], { 'e.json': '{}' })).err).toContain('unknown option --bogus');
    expect((await run(['audit', 'verify', 'e.json', '--public-key'], { 'e.json': '{}' })).err).toContain('--public-key needs a file path');
    expect(await run(['audit', 'verify', 'e.json', '--public-key', 'a', '--public-key', 'b'], {})).toMatchObject({ code: 2, err: expect.stringContaining('--public-key given twice') });
    expect((await run(['nope'], {})).code).toBe(2);
  });

  /** Each malformed or unreadable input: exit 2, the reason on stderr, nothing on stdout (no OK, no TAMPERED). */
  describe('exits 2 on malformed or unreadable input', () => {
    const { exp, signer, log } = makeExport(4);
    const earlier = signer.signRoot(2, log.root(2));
    // A deliberately malformed copy: any shape goes, so the edit works on an untyped copy.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const changed = (edit: (copy: any) => void): string => {
      const copy = JSON.parse(JSON.stringify(exp));
      edit(copy);
      return JSON.stringify(copy);
    };
    const ecdsaKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const ed25519PrivateKey = signer.exportPrivateKeyPem();
    const good = JSON.stringify(exp);
    const key = signer.exportPublicKey();

    it.each<[string, string[], Record<string, string>, RegExp]>([
      ['an export that cannot be read', [], {}, /^cannot read the export e\.json: ENOENT/],
      ['an export that is not JSON', [], { 'e.json': 'not json' }, /^the export e\.json is not JSON: /],
      ['an export cut short', [], { 'e.json': good.slice(0, good.length / 2) }, /^the export e\.json is not JSON: /],
      ['an export that is an array', [], { 'e.json': '[]' }, /MALFORMED_EXPORT: the export is not a JSON object/],
      ['an export that is null', [], { 'e.json': 'null' }, /MALFORMED_EXPORT: the export is not a JSON object/],
      ['another format', [], { 'e.json': changed((c) => (c.format = 'x')) }, /MALFORMED_EXPORT: format is not "fulcrum\.audit-export\.v1"/],
      ['an unknown field', [], { 'e.json': changed((c) => (c.extra = 1)) }, /MALFORMED_EXPORT: the export has unexpected field\(s\) extra/],
      ['entries that are not an array', [], { 'e.json': changed((c) => (c.entries = {})) }, /MALFORMED_EXPORT: entries is not an array/],
      ['an entry without its actor', [], { 'e.json': changed((c) => delete c.entries[2].entry.actor) }, /MALFORMED_EXPORT at entry 2: entries\[2\]\.entry /],
      ['a leaf hash that is not hex', [], { 'e.json': changed((c) => (c.entries[1].leafHash = 'Z'.repeat(64))) }, /MALFORMED_EXPORT at entry 1: .*leafHash/],
      ['no tree head', [], { 'e.json': changed((c) => delete c.treeHead) }, /MALFORMED_EXPORT: treeHead is not an object/],
      ['a tree head without signature', [], { 'e.json': changed((c) => delete c.treeHead.signature) }, /MALFORMED_EXPORT: treeHead signature is not a base64/],
      ['a signature that is not base64', [], { 'e.json': changed((c) => (c.treeHead.signature = '!'.repeat(86) + '==')) }, /MALFORMED_EXPORT: treeHead signature is not a base64/],
      // 64 bytes end in a character that carries 2 bits and 4 zero bits (A, Q, g or w): B never is canonical.
      ['a signature in non-canonical base64', [], { 'e.json': changed((c) => (c.treeHead.signature = c.treeHead.signature.replace(/.==$/, 'B=='))) }, /MALFORMED_EXPORT: treeHead signature/],
      ['no public key', [], { 'e.json': changed((c) => delete c.publicKeyPem) }, /MALFORMED_EXPORT: publicKeyPem is not an Ed25519 public key/],
      ['an ECDSA public key in the export', [], { 'e.json': changed((c) => (c.publicKeyPem = ecdsaKey)) }, /MALFORMED_EXPORT: publicKeyPem is not an Ed25519 public key/],
      ['a previous head without its proof', [], { 'e.json': changed((c) => (c.previousTreeHead = earlier)) }, /MALFORMED_EXPORT: previousTreeHead and consistencyProof come together/],
      ['a --previous-head that cannot be read', ['--previous-head', 'h.json'], { 'e.json': good }, /^cannot read --previous-head h\.json: ENOENT/],
      ['a --previous-head that is not JSON', ['--previous-head', 'h.json'], { 'e.json': good, 'h.json': '{' }, /^--previous-head h\.json is not JSON: /],
      ['a --previous-head of the wrong shape', ['--previous-head', 'h.json'], { 'e.json': good, 'h.json': '{"treeSize":"2"}' }, /^--previous-head h\.json is not a signed tree head \(treeSize is not a non-negative integer\)/],
      ['a --previous-head without signature', ['--previous-head', 'h.json'], { 'e.json': good, 'h.json': JSON.stringify({ ...earlier, signature: undefined }) }, /^--previous-head h\.json is not a signed tree head \(signature is not a base64/],
      ['a --public-key that cannot be read', ['--public-key', 'k.pem'], { 'e.json': good }, /^cannot read --public-key k\.pem: ENOENT/],
      ['a --public-key that is not PEM', ['--public-key', 'k.pem'], { 'e.json': good, 'k.pem': 'hello' }, /^--public-key k\.pem is not an Ed25519 public key in SPKI PEM form/],
      ['an ECDSA --public-key', ['--public-key', 'k.pem'], { 'e.json': good, 'k.pem': ecdsaKey }, /^--public-key k\.pem is not an Ed25519 public key/],
      ['a private key as --public-key', ['--public-key', 'k.pem'], { 'e.json': good, 'k.pem': ed25519PrivateKey }, /^--public-key k\.pem is not an Ed25519 public key/],
      ['a --public-key cut short', ['--public-key', 'k.pem'], { 'e.json': good, 'k.pem': key.slice(0, 60) }, /^--public-key k\.pem is not an Ed25519 public key/],
    ])('%s', async (_name, options, files, message) => {
      const res = await run(['audit', 'verify', 'e.json', ...options], files);
      expect(res.code).toBe(2);
      expect(res.out).toBe('');
      expect(res.err).toMatch(message);
    });
  });
});
