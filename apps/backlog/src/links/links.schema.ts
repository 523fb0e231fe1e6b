import { CreateLinks1765000003000 } from './1765000003000-create-links.migration';
import { GraphVersion1765000012000 } from './1765000012000-graph-version.migration';

/** Migrations of the links module (`backlog_links`, and the project's graph version its cache checks). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const LINKS_MIGRATIONS: Function[] = [CreateLinks1765000003000, GraphVersion1765000012000];
