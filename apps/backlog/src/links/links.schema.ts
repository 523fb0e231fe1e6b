import { CreateLinks1765000003000 } from './1765000003000-create-links.migration';

/** Migrations of the links module (`backlog_links`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const LINKS_MIGRATIONS: Function[] = [CreateLinks1765000003000];
