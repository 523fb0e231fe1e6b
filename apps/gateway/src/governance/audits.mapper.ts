import type { AuditDto } from '@fulcrum/contracts';
import type { Audit } from './audits.model';
import { toJson } from './json.scalar';

export function toAudit(a: AuditDto): Audit {
  return {
    id: a.id,
    modelVersionId: a.modelVersionId,
    from: new Date(a.from),
    to: new Date(a.to),
    rules: a.rules,
    outcome: a.outcome,
    findings: a.findings.map((f) => ({
      ruleId: f.ruleId,
      title: f.title,
      citation: f.citation,
      status: f.status,
      summary: f.summary,
      evidence: toJson(f.evidence, 'evidence', 0),
    })),
    ranAt: new Date(a.ranAt),
    ranBy: a.ranBy,
    auditSeq: a.auditSeq,
  };
}
