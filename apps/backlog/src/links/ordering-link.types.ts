import { LINK_TYPES } from '../domain/backlog.vocabulary';
import { ordersWork } from '../domain/link-type.catalog';

/**
 * The link types whose links are edges of a project's ordering graph (BLOCKS, INSTRUMENTS). The
 * graph itself is held, with the project's other links and item facts, by ProjectGraphCache
 * (graph/project-graph.cache.ts).
 */
export const ORDERING_LINK_TYPES: readonly string[] = LINK_TYPES.filter(ordersWork);
