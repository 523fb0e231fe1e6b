import { CreateItems1765000000000 } from './1765000000000-create-items.migration';
import { CreateItemCounts1765000020000 } from './1765000020000-create-item-counts.migration';

/** Migrations of the items module (it owns `backlog_projects`, `backlog_items` and `backlog_item_counts`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ITEMS_MIGRATIONS: Function[] = [CreateItems1765000000000, CreateItemCounts1765000020000];
