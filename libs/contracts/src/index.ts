// Public vocabulary shared by every service. Named exports only (no `export *`).
export { EVENT_TYPES, MAX_EVENT_ID_LENGTH, MAX_NAME_LENGTH, RESERVED_EVENT_NAMES } from './events/canonical-event';
export type { CanonicalEvent, EventType, JsonObject } from './events/canonical-event';
export { EVENT_BATCH_MESSAGE_VERSION } from './events/event-batch.message';
export { eventBatchMessageSchema } from './events/event-batch.schema';
export type { EventBatchMessage } from './events/event-batch.message';
export { CONSUMERS, QUEUE_GROUPS, RPC, STREAMS, SUBJECTS } from './subjects';
export type { RpcSubject } from './subjects';
export { ERROR_CODES, isDomainErrorPayload, isErrorCode } from './errors/error-codes';
export type { DomainErrorPayload, ErrorCode } from './errors/error-codes';
export { DomainError } from './errors/domain.error';
export { RPC_REQUEST_SCHEMAS } from './rpc/rpc-map';
export type { RpcMap, RpcReply, RpcRequest } from './rpc/rpc-map';
export { MAX_PROJECT_NAME_LENGTH } from './rpc/project.rpc';
export type {
  CreateProjectReply,
  CreateProjectRequest,
  GetProjectReply,
  GetProjectRequest,
  ListProjectsReply,
  ListProjectsRequest,
  ProjectDto,
} from './rpc/project.rpc';
export type { EventCatalogEntryDto, EventCatalogReply, EventCatalogRequest } from './rpc/event-catalog.rpc';
export { INGEST_LIMITS } from './ingest/ingest-limits';
