import type { AliasMoveEntity } from './alias-move.entity';
import type { AliasEntity } from './alias.entity';
import type { ModelVersionEntity } from './model-version.entity';
import type { ModelEntity } from './model.entity';
import { toModelDto, versionRecord } from './registry.mapper';

const at = (s: string) => new Date(`2025-03-01T${s}:00.000Z`);
const sha = `sha256:${'a'.repeat(64)}`;
const model: ModelEntity = { id: 'm', name: 'Churn', description: 'd', owner: 'o', riskLevel: 'HIGH', createdAt: at('09:00'), createdBy: 'ana', auditSeq: 0 };
const version = (n: number): ModelVersionEntity => ({
  id: `v${n}`,
  modelId: 'm',
  version: n,
  artifactDigest: sha,
  // jsonb hands keys back in its own order: the DTO must not depend on it.
  trainingDataset: { source: 's', rows: 1, contentHash: sha, version: '1', name: 'd' },
  features: [{ sensitivity: 'NONE', name: 'f' } as never],
  purposes: ['p'],
  legalBasis: 'CONTRACT',
  specialCategoryGround: null,
  solelyAutomatedSignificantDecisions: false,
  automatedDecisionBasis: null,
  humanReviewAvailable: true,
  retentionDays: 30,
  createdAt: at(`09:0${n}`),
  createdBy: 'ana',
  auditSeq: n,
});
const alias = (name: string, versionId: string): AliasEntity => ({ modelId: 'm', alias: name, versionId, movedAt: at('10:00'), movedBy: 'ben' });
const move = (seq: number, name: string, from: string | null, to: string): AliasMoveEntity => ({
  id: `mv${seq}`,
  modelId: 'm',
  alias: name,
  fromVersionId: from,
  toVersionId: to,
  actor: 'ben',
  reason: 'r',
  at: at('10:00'),
  gateOverrideReason: null,
  auditSeq: seq,
});

describe('registry mapper', () => {
  it('assembles a model: versions by number with their aliases, aliases by name, history by trail order', () => {
    const dto = toModelDto({
      model,
      versions: [version(2), version(1)],
      aliases: [alias('staging', 'v2'), alias('production', 'v1')],
      moves: [move(9, 'staging', 'v1', 'v2'), move(5, 'production', null, 'v1'), move(7, 'staging', null, 'v1')],
    });
    expect(dto.versions.map((v) => [v.version, v.aliases])).toEqual([
      [1, ['production']],
      [2, ['staging']],
    ]);
    expect(dto.aliases.map((a) => [a.alias, a.version])).toEqual([
      ['production', 1],
      ['staging', 2],
    ]);
    expect(dto.aliasHistory.map((m) => m.auditSeq)).toEqual([5, 7, 9]);
    expect(dto.createdAt).toBe('2025-03-01T09:00:00.000Z');
    expect(Object.keys(dto.versions[0].trainingDataset)).toEqual(['name', 'version', 'contentHash', 'rows', 'source']);
    expect(dto.versions[0].features).toEqual([{ name: 'f', sensitivity: 'NONE' }]);
  });

  it("records a version without its (mutable) aliases", () => {
    const dto = toModelDto({ model, versions: [version(1)], aliases: [alias('staging', 'v1')], moves: [] }).versions[0];
    expect(versionRecord(dto)).not.toHaveProperty('aliases');
    expect(versionRecord(dto)).toMatchObject({ id: 'v1', modelName: 'Churn', version: 1 });
  });
});
