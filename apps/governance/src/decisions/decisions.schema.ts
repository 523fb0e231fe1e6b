import { CreateDecisions1763800002000 } from './1763800002000-create-decisions.migration';
import { ScopeDecisionsToProjects1763900002000 } from './1763900002000-scope-decisions-to-projects.migration';

/**
 * Entities and migrations of the decisions module (it owns `decisions` and `rejected_decisions`; no
 * other module touches them). No entities: the log is written in bulk and read by aggregates, all
 * in parameterised SQL (decisions.repository.ts, decision-log.reader.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DECISIONS_ENTITIES: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DECISIONS_MIGRATIONS: Function[] = [CreateDecisions1763800002000, ScopeDecisionsToProjects1763900002000];
