import { CreateActivity1765000002000 } from './1765000002000-create-activity.migration';

/** Migrations of item activity, which is also the audit outbox (`backlog_activity`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ACTIVITY_MIGRATIONS: Function[] = [CreateActivity1765000002000];
