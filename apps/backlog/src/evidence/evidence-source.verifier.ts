import { Injectable } from '@nestjs/common';
import {
  DomainError,
  type EvidenceKind,
  type EvidenceSourceDto,
  type EvidenceSourceInput,
  GOVERNANCE_PAGES,
  RPC,
} from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { assertEvidenceUrl } from './evidence-url.rule';

/** A source as confirmed by its owning service: the snapshot kept with the evidence and the ids queried on. */
export interface VerifiedSource {
  source: EvidenceSourceDto;
  analysisId: string | null;
  modelVersionId: string | null;
  auditId: string | null;
  url: string | null;
}

type Verifier<K extends EvidenceKind> = (rpc: RpcClient, projectId: string, input: Extract<EvidenceSourceInput, { kind: K }>) => Promise<VerifiedSource>;

const none = { analysisId: null, modelVersionId: null, auditId: null, url: null };

/**
 * How each kind of evidence is confirmed to exist in the item's project, asked of the service
 * that owns it over NATS (the backlog never reads another service's tables). Unknown ids, or ids
 * of another project, come back with the owner's not-found code. One entry per kind.
 */
const VERIFIERS: { readonly [K in EvidenceKind]: Verifier<K> } = {
  ANALYSIS: async (rpc, projectId, { analysisId }) => {
    const { analysis } = await rpc.request(RPC.analyticsAnalysesGet, { projectId, analysisId });
    return {
      ...none,
      analysisId,
      source: {
        kind: 'ANALYSIS',
        analysisId,
        title: analysis.title,
        insightKind: analysis.insight.kind,
        dataVersion: analysis.dataVersion,
        queryFingerprint: analysis.queryFingerprint,
        resultDigest: analysis.resultDigest,
      },
    };
  },
  MODEL_VERSION: async (rpc, projectId, { modelVersionId }) => {
    const { version } = await rpc.request(RPC.governanceModelVersionsGet, { projectId, versionId: modelVersionId });
    return {
      ...none,
      modelVersionId,
      source: {
        kind: 'MODEL_VERSION',
        modelVersionId,
        modelId: version.modelId,
        modelName: version.modelName,
        version: version.version,
        artifactDigest: version.artifactDigest,
      },
    };
  },
  AUDIT: async (rpc, projectId, { auditId }) => {
    // Governance has no "get one audit" RPC: the project's audit list (newest first) is paged
    // through until the id turns up. Audits are few per project (each is a deliberate run).
    let after: string | undefined;
    for (;;) {
      const page = await rpc.request(RPC.governanceAuditsList, { projectId, first: GOVERNANCE_PAGES.audits.max, ...(after === undefined ? {} : { after }) });
      const audit = page.edges.find((edge) => edge.node.id === auditId)?.node;
      if (audit) {
        return {
          ...none,
          auditId,
          modelVersionId: audit.modelVersionId,
          source: { kind: 'AUDIT', auditId, modelVersionId: audit.modelVersionId, outcome: audit.outcome, ranAt: audit.ranAt },
        };
      }
      const last = page.edges[page.edges.length - 1];
      if (!page.hasNextPage || !last) throw new DomainError('NOT_FOUND', `No audit ${auditId} in this project.`, { auditId });
      after = last.cursor;
    }
  },
  FAIRNESS_REPORT: async (rpc, projectId, { report }) => {
    // A fairness report is computed on demand, not stored: computing it confirms the model
    // version (MODEL_VERSION_NOT_FOUND otherwise) and the parameters; the numbers as they were
    // are kept with the evidence.
    const computed = await rpc.request(RPC.governanceFairnessReportGet, { projectId, ...report });
    return {
      ...none,
      modelVersionId: report.modelVersionId,
      source: {
        kind: 'FAIRNESS_REPORT',
        modelVersionId: report.modelVersionId,
        parameters: report,
        summary: computed.summary,
        totals: computed.totals,
        computedAt: new Date().toISOString(),
      },
    };
  },
  URL: async (_rpc, _projectId, { url }) => {
    const checked = assertEvidenceUrl(url);
    return { ...none, url: checked, source: { kind: 'URL', url: checked } };
  },
};

@Injectable()
export class EvidenceSourceVerifier {
  constructor(private readonly rpc: RpcClient) {}

  verify(projectId: string, input: EvidenceSourceInput): Promise<VerifiedSource> {
    const verifier = VERIFIERS[input.kind] as Verifier<EvidenceKind>;
    return verifier(this.rpc, projectId, input as never);
  }
}
