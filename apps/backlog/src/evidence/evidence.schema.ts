import { CreateEvidence1765000010000 } from './1765000010000-create-evidence.migration';

/** Migrations of the evidence module (it owns `backlog_evidence`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const EVIDENCE_MIGRATIONS: Function[] = [CreateEvidence1765000010000];
