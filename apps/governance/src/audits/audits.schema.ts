import { CreateAudits1763800003000 } from './1763800003000-create-audits.migration';
import { ScopeAuditsToProjects1763900003000 } from './1763900003000-scope-audits-to-projects.migration';

/**
 * Entities and migrations of the audits module (it owns `audits` and `audit_findings`; no other
 * module touches them). No entities: plain parameterised SQL in audits.repository.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDITS_ENTITIES: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDITS_MIGRATIONS: Function[] = [CreateAudits1763800003000, ScopeAuditsToProjects1763900003000];
