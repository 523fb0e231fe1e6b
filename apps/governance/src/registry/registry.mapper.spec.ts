import type { AliasEntity } from './alias.entity';
import type { ModelVersionEntity } from './model-version.entity';
import type { ModelEntity } from './model.entity';
import { toModelDto, toVersionDto, versionRecord } from './registry.mapper';

const at = (s: string) => new Date(`2025-03-01T${s}:00.000Z`);
const sha = `sha256:${'a'.repeat(64)}`;
const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
const model: ModelEntity = { id: 'm', projectId: PROJECT, name: 'Churn', description: 'd', owner: 'o', riskLevel: 'HIGH', createdAt: at('09:00'), createdBy: 'user:ana', auditSeq: 0 };
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
  createdBy: 'user:ana',
  auditSeq: n,
});
const alias = (name: string, versionId: string, number: number): AliasEntity & { version: number } => ({
  modelId: 'm',
  alias: name,
  versionId,
  movedAt: at('10:00'),
  movedBy: 'user:ben',
  version: number,
});

describe('registry mapper', () => {
  it('assembles a model: its project, version count and aliases by name', () => {
    const dto = toModelDto({ model, versionCount: 2, aliases: [alias('staging', 'v2', 2), alias('production', 'v1', 1)] });
    expect(dto).toMatchObject({ id: 'm', projectId: PROJECT, versionCount: 2, createdAt: '2025-03-01T09:00:00.000Z', createdBy: 'user:ana' });
    expect(dto.aliases.map((a) => [a.alias, a.version, a.versionId])).toEqual([
      ['production', 1, 'v1'],
      ['staging', 2, 'v2'],
    ]);
  });

  it('refuses to show a model that has no project yet (it is invisible until adopted)', () => {
    expect(() => toModelDto({ model: { ...model, projectId: null }, versionCount: 0, aliases: [] })).toThrow(/no project/);
  });

  it('builds a version field by field and records it without its (mutable) aliases', () => {
    const dto = toVersionDto(version(1), 'Churn', ['staging']);
    expect(Object.keys(dto.trainingDataset)).toEqual(['name', 'version', 'contentHash', 'rows', 'source']);
    expect(dto.features).toEqual([{ name: 'f', sensitivity: 'NONE' }]);
    expect(versionRecord(dto)).not.toHaveProperty('aliases');
    expect(versionRecord(dto)).toMatchObject({ id: 'v1', modelName: 'Churn', version: 1 });
  });
});
