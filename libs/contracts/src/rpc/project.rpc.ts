import { type Page, type PageRequest, pageRequestProperties } from '../pagination/page';

/** Projects are owned by the ingest service (with their write keys). */
export interface ProjectDto {
  id: string;
  name: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** IANA time zone in which insights compute calendar buckets (default `UTC`). */
  timeZone: string;
}

export interface CreateProjectRequest {
  name: string;
  /** IANA time zone (default `UTC`). */
  timeZone?: string;
}

export interface SetProjectTimeZoneRequest {
  projectId: string;
  timeZone: string;
}
export interface CreateProjectReply {
  project: ProjectDto;
  writeKey: string;
}

/**
 * A page of projects, oldest first (creation time, then id), optionally only those with the given
 * ids (the gateway lists a user's member projects this way).
 */
export interface ListProjectsRequest extends PageRequest {
  projectIds?: string[];
}
export type ListProjectsReply = Page<ProjectDto>;

/** Page size of the project list: default and maximum. */
export const PROJECT_LIST_PAGE = { default: 50, max: 100 } as const;
/** Most ids in one `projectIds` filter. */
export const MAX_PROJECT_IDS_FILTER = 10_000;

export interface GetProjectRequest {
  projectId: string;
}
export interface GetProjectReply {
  project: ProjectDto;
}

export const MAX_PROJECT_NAME_LENGTH = 200;

export const createProjectRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: MAX_PROJECT_NAME_LENGTH },
    timeZone: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

export const setProjectTimeZoneRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'timeZone'],
  properties: { projectId: { type: 'string', format: 'uuid' }, timeZone: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export const listProjectsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageRequestProperties(PROJECT_LIST_PAGE.max),
    projectIds: { type: 'array', maxItems: MAX_PROJECT_IDS_FILTER, items: { type: 'string', format: 'uuid' } },
  },
} as const;

export const getProjectRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: { projectId: { type: 'string', format: 'uuid' } },
} as const;
