import { type AuditActionMessage, type AuditActionMessageV1, type AuditTrailEntryDto, RPC, SUBJECTS } from '@fulcrum/contracts';
import { hashFromHex, verifyAuditExport, verifyConsistency, verifyTreeHead } from '@fulcrum/audit-log';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { headers } from 'nats';
import { ENVELOPE_HEADERS, encodeActorName } from '@fulcrum/messaging';
import { type GovernanceTestEnv, newProjectId, projectTrail, startGovernanceTestEnv } from './governance.test-helpers';

/** Messages name their project in the payload (as `person.erased` does) unless a test says otherwise. */
const PROJECT = newProjectId();

function hex(value: string): Uint8Array {
  const bytes = hashFromHex(value);
  if (!bytes) throw new Error(`not a hash: ${value}`);
  return bytes;
}

function message(id: string, overrides: Partial<AuditActionMessageV1> = {}): AuditActionMessageV1 {
  return {
    v: 1,
    id,
    at: '2026-01-01T10:00:00+01:00',
    actor: 'service:ingest',
    action: 'project.created',
    subject: `project:${id}`,
    payload: { projectId: PROJECT, name: `Project ${id}` },
    ...overrides,
  };
}

interface RejectedRow {
  stream_seq: string;
  message_id: string | null;
  reason: string;
  data: Buffer;
}

describe.each(databaseKinds())('AUDIT stream into the audit trail on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;

  const publish = async (data: string | AuditActionMessage, msgID?: string, envelope?: Record<string, string>) => {
    const h = headers();
    for (const [name, value] of Object.entries(envelope ?? {})) h.set(name, value);
    const options = { ...(msgID && { msgID }), ...(envelope && { headers: h }) };
    return (await env.nc.jetstream().publish(SUBJECTS.auditActionRecorded, Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)), options)).seq;
  };

  function entries(): Promise<AuditTrailEntryDto[]> {
    return projectTrail(env.rpc, PROJECT);
  }

  const fromMessage = (all: AuditTrailEntryDto[], id: string) => all.filter((e) => e.payload?.['sourceMessageId'] === id);

  /** Publishes a marker and waits until it is on the trail: every message published before it was handled. */
  async function drain(marker: string): Promise<AuditTrailEntryDto[]> {
    await publish(message(marker), marker);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const all = await entries();
      if (fromMessage(all, marker).length > 0) return all;
      if (Date.now() > deadline) throw new Error(`marker ${marker} never reached the trail`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const rejected = (): Promise<RejectedRow[]> =>
    env.dataSource().query('SELECT stream_seq, message_id, reason, data FROM audit_rejected_messages ORDER BY stream_seq');

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('appends each action once, however often it is published', async () => {
    const m1 = message('m-1');
    await publish(m1, 'm-1');
    await publish(m1, 'm-1'); // inside JetStream's duplicate window: dropped by the stream
    await publish(m1, 'm-1-retry'); // a new Nats-Msg-Id: only the trail's source id key can catch it
    await publish(message('m-2', { payload: { projectId: PROJECT, note: 'a\u0000b', n: 1e21, nested: { z: 1, a: [true, null] } } }), 'm-2');
    const all = await drain('marker-1');

    expect(fromMessage(all, 'm-1')).toHaveLength(1);
    expect(fromMessage(all, 'm-1')[0]).toMatchObject({
      v: 2,
      actor: 'service:ingest',
      actorName: null,
      projectId: PROJECT,
      action: 'project.created',
      subject: 'project:m-1',
      payload: { sourceMessageId: 'm-1', occurredAt: m1.at, payload: { projectId: PROJECT, name: 'Project m-1' } },
      erased: false,
    });
    expect(fromMessage(all, 'm-2')[0].payload).toEqual({
      sourceMessageId: 'm-2',
      occurredAt: m1.at,
      payload: { projectId: PROJECT, note: 'a\u0000b', n: 1e21, nested: { z: 1, a: [true, null] } },
    });
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i));
    const { publicKeyPem } = await env.rpc.request(RPC.governanceAuditPublicKeyGet, {});
    const exported = (await env.rpc.request(RPC.governanceAuditTrailExport, {})).export;
    expect(verifyAuditExport(exported, { trustedPublicKeyPem: publicKeyPem })).toMatchObject({ ok: true, treeSize: all.length });
    expect(await rejected()).toEqual([]);
  });

  it('keeps invalid messages with the reason, never on the trail, and goes on', async () => {
    const before = (await entries()).length;
    const bad: Array<[string, RegExp]> = [
      ['{"v":1,"id":"oops"', /not UTF-8 JSON/],
      [JSON.stringify({ ...message('no-actor'), actor: undefined }), /actor/],
      [JSON.stringify(message('bad-action', { action: 'Project Created' })), /action/],
      [JSON.stringify(message('extra', { extra: 1 } as Partial<AuditActionMessageV1>)), /extra/],
      [JSON.stringify(message('m-1', { payload: { projectId: PROJECT, name: 'changed' } })), /already on the audit trail with different content/],
    ];
    const seqs: number[] = [];
    for (const [i, [data]] of bad.entries()) seqs.push(await publish(data, `bad-${i}`));
    const all = await drain('marker-2');

    // Only the marker was appended.
    expect(all.slice(before).map((e) => e.payload?.['sourceMessageId'])).toEqual(['marker-2']);
    const rows = await rejected();
    expect(rows.map((r) => Number(r.stream_seq))).toEqual(seqs);
    rows.forEach((row, i) => {
      expect(row.reason).toMatch(bad[i][1]);
      expect(row.data.toString('utf8')).toBe(bad[i][0]); // kept byte for byte
    });
    expect(rows.map((r) => r.message_id)).toEqual(['bad-0', 'no-actor', 'bad-action', 'extra', 'm-1']);
  });

  it("takes the project and the actor's name from the envelope headers; without a project the action is instance-level", async () => {
    const other = newProjectId();
    await publish(message('with-headers', { payload: { name: 'no project in the payload' } }), 'with-headers', {
      [ENVELOPE_HEADERS.actorId]: 'service:ingest',
      [ENVELOPE_HEADERS.actorName]: encodeActorName('Ingest (Zoë’s instance)'),
      [ENVELOPE_HEADERS.projectId]: other,
    });
    await publish(message('instance-level', { payload: { name: 'nothing names a project' } }), 'instance-level');
    await drain('marker-headers');

    const inOther = await projectTrail(env.rpc, other);
    expect(inOther.map((e) => [e.payload?.['sourceMessageId'], e.projectId, e.actorName])).toEqual([['with-headers', other, 'Ingest (Zoë’s instance)']]);
    expect(fromMessage(await entries(), 'instance-level')).toEqual([]);
    const exported = (await env.rpc.request(RPC.governanceAuditTrailExport, {})).export as { entries: Array<{ entry: Record<string, unknown> }> };
    const instanceLevel = exported.entries.map((r) => r.entry).find((e) => e['subject'] === 'project:instance-level');
    expect(instanceLevel).toMatchObject({ v: 2, projectId: null, actorName: null, actor: 'service:ingest' });
  });

  it('records a version 2 action under the actor of its envelope header, and keeps one without that header aside', async () => {
    const { actor: _payloadActor, ...fields } = message('v2-signed');
    const dana = 'user:5f0c8a8e-2f7e-4c55-9d7e-0d7c5b1f9a10';
    await publish(JSON.stringify({ ...fields, v: 2 }), 'v2-signed', {
      [ENVELOPE_HEADERS.actorId]: dana,
      [ENVELOPE_HEADERS.actorName]: encodeActorName('Dana DS'),
      [ENVELOPE_HEADERS.projectId]: PROJECT,
    });
    const unsigned = JSON.stringify({ ...fields, id: 'v2-unsigned', subject: 'project:v2-unsigned', v: 2 });
    const unsignedSeq = await publish(unsigned, 'v2-unsigned');
    const all = await drain('marker-v2');

    const exported = (await env.rpc.request(RPC.governanceAuditTrailExport, {})).export as { entries: Array<{ entry: Record<string, unknown> }> };
    const signed = exported.entries.map((r) => r.entry).find((e) => e['subject'] === 'project:v2-signed');
    expect(signed).toMatchObject({ v: 2, actor: dana, actorName: 'Dana DS', projectId: PROJECT });
    expect(fromMessage(all, 'v2-unsigned')).toEqual([]);
    const kept = (await rejected()).find((r) => Number(r.stream_seq) === unsignedSeq);
    expect(kept?.reason).toMatch(/^ACTOR_MISSING/);
    expect(kept?.data.toString('utf8')).toBe(unsigned);
  });

  it('keeps the trail and its signing key across a restart, and appends what was published while down', async () => {
    const key = await env.rpc.request(RPC.governanceAuditPublicKeyGet, {});
    const before = await entries();
    const oldHead = (await env.rpc.request(RPC.governanceAuditProofGet, { projectId: PROJECT, seq: 0 })).treeHead;

    await env.restart(async () => {
      await publish(message('while-down'), 'while-down');
    });

    expect(await env.rpc.request(RPC.governanceAuditPublicKeyGet, {})).toEqual(key);
    const after = await drain('marker-3');
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => e.payload?.['sourceMessageId'])).toEqual(['while-down', 'marker-3']);

    const proof = await env.rpc.request(RPC.governanceAuditProofGet, { projectId: PROJECT, seq: 0, fromTreeSize: oldHead.treeSize });
    const { keyId: _keyId, ...head } = proof.treeHead;
    expect(verifyTreeHead(head, key.publicKeyPem)).toBe(true);
    expect(
      verifyConsistency(oldHead.treeSize, proof.treeHead.treeSize, hex(oldHead.rootHash), hex(proof.treeHead.rootHash), proof.consistency?.path.map(hex) ?? []),
    ).toBe(true);
    // The head signed before the restart is still the one handed out for its size.
    expect((await env.rpc.request(RPC.governanceAuditProofGet, { projectId: PROJECT, seq: 0, treeSize: oldHead.treeSize })).treeHead).toEqual(oldHead);
  });
});
