import { RPC } from '../subjects';
import type { EventCatalogReply, EventCatalogRequest } from './event-catalog.rpc';
import { eventCatalogRequestSchema } from './event-catalog.rpc';
import type {
  CreateProjectReply,
  CreateProjectRequest,
  GetProjectReply,
  GetProjectRequest,
  ListProjectsReply,
  ListProjectsRequest,
} from './project.rpc';
import { createProjectRequestSchema, getProjectRequestSchema, listProjectsRequestSchema } from './project.rpc';

/** Subject → request and reply types: a wrong payload is a compile error at both ends. */
export interface RpcMap {
  [RPC.ingestProjectsCreate]: { request: CreateProjectRequest; reply: CreateProjectReply };
  [RPC.ingestProjectsList]: { request: ListProjectsRequest; reply: ListProjectsReply };
  [RPC.ingestProjectsGet]: { request: GetProjectRequest; reply: GetProjectReply };
  [RPC.analyticsEventCatalogGet]: { request: EventCatalogRequest; reply: EventCatalogReply };
}

export type RpcRequest<S extends keyof RpcMap> = RpcMap[S]['request'];
export type RpcReply<S extends keyof RpcMap> = RpcMap[S]['reply'];

/** One JSON Schema per request message; the receiving service validates against it. */
export const RPC_REQUEST_SCHEMAS: { readonly [S in keyof RpcMap]: object } = {
  [RPC.ingestProjectsCreate]: createProjectRequestSchema,
  [RPC.ingestProjectsList]: listProjectsRequestSchema,
  [RPC.ingestProjectsGet]: getProjectRequestSchema,
  [RPC.analyticsEventCatalogGet]: eventCatalogRequestSchema,
};
