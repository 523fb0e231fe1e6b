import { CreateItems1765000000000 } from './1765000000000-create-items.migration';

/** Migrations of the items module (it owns `backlog_projects` and `backlog_items`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ITEMS_MIGRATIONS: Function[] = [CreateItems1765000000000];
