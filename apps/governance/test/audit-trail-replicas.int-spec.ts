import { DataSource } from 'typeorm';
import { hashFromHex, verifyInclusion, verifyTreeHead } from '@fulcrum/audit-log';
import { databaseKinds } from '@fulcrum/testing';
import { type AuditAction, AuditTrailPort } from '../src/audit-trail/audit-trail.port';
import { TreeHeadService } from '../src/audit-trail/tree-head.service';
import { type RunningGovernance, bootstrapGovernance } from '../src/governance.bootstrap';
import { type GovernanceTestEnv, startGovernanceTestEnv } from './governance.test-helpers';

function hex(value: string): Uint8Array {
  const bytes = hashFromHex(value);
  if (!bytes) throw new Error(`not a hash: ${value}`);
  return bytes;
}

// Two processes on one database need a server: PGlite is single-connection, so this runs only
// when FULCRUM_TEST_DATABASE_URL names a PostgreSQL server.
const describeOnPostgres = databaseKinds().includes('postgres') ? describe : describe.skip;

describeOnPostgres('audit trail with two replicas on one PostgreSQL database (real nats-server)', () => {
  let env: GovernanceTestEnv;
  let second: RunningGovernance;

  beforeAll(async () => {
    env = await startGovernanceTestEnv('postgres');
    second = await bootstrapGovernance(env.config);
  });

  afterAll(async () => {
    await second?.close();
    await env?.stop();
  });

  it('appends contiguous seqs from both, signs with one key, and each proves the other’s entries', async () => {
    const replicas = [env.governance, second].map((r) => ({
      port: r.app.get(AuditTrailPort, { strict: false }),
      dataSource: r.app.get(DataSource, { strict: false }),
      heads: r.app.get(TreeHeadService, { strict: false }),
    }));
    expect(replicas[1].heads.publicKey()).toEqual(replicas[0].heads.publicKey());
    const { publicKeyPem } = replicas[0].heads.publicKey();

    const action = (name: string): AuditAction => ({
      actor: 'service:test',
      actorName: null,
      projectId: null,
      action: 'test.appended',
      subject: `thing:${name}`,
      payload: { name },
    });
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const replica = replicas[i % 2];
        return replica.dataSource.transaction((em) => replica.port.append(em, [action(`${i}a`), action(`${i}b`)]));
      }),
    );
    // Each call got two consecutive seqs, and together they are exactly 0..39.
    for (const pair of appended) expect(pair[1].seq).toBe(pair[0].seq + 1);
    expect(appended.flat().map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));

    for (let seq = 0; seq < 40; seq++) {
      const [a, b] = await Promise.all(replicas.map((r) => r.port.proof(seq)));
      expect(b.treeHead).toEqual(a.treeHead); // one head per size, whoever signed it
      expect(b.inclusion).toEqual(a.inclusion);
      const { keyId: _keyId, ...head } = a.treeHead;
      expect(verifyTreeHead(head, publicKeyPem)).toBe(true);
      expect(verifyInclusion(hex(a.inclusion.leafHash), seq, 40, a.inclusion.path.map(hex), hex(head.rootHash))).toBe(true);
    }
  });
});
