import { type Static, Type } from '@sinclair/typebox';
import { closedObject, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';

/** Projects are owned by the ingest service (with their write keys). */
export interface ProjectDto {
  id: string;
  name: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** IANA time zone in which insights compute calendar buckets (default `UTC`). */
  timeZone: string;
  /**
   * Short, immutable, unique per instance (case-insensitively; stored upper-case): 2–10 of
   * `A-Z0-9`, starting with a letter. Backlog item keys are `<key>-<n>` (`SHOP-42`).
   */
  key: string;
}

export interface CreateProjectReply {
  project: ProjectDto;
  writeKey: string;
}

export type ListProjectsReply = Page<ProjectDto>;

/** Page size of the project list: default and maximum. */
export const PROJECT_LIST_PAGE = { default: 50, max: 100 } as const;
/** Most ids in one `projectIds` filter. */
export const MAX_PROJECT_IDS_FILTER = 10_000;

export interface GetProjectReply {
  project: ProjectDto;
}

export const MAX_PROJECT_NAME_LENGTH = 200;

const timeZone = () => Type.String({ minLength: 1, maxLength: 64 });

/** A project key as sent (either case; stored upper-case). */
export const PROJECT_KEY_PATTERN = '^[A-Za-z][A-Za-z0-9]{1,9}$';

export const createProjectRequestSchema = closedObject({
  name: Type.String({ minLength: 1, maxLength: MAX_PROJECT_NAME_LENGTH }),
  /** The project's key; derived from the name when absent. A key taken already (in any case) is CONFLICT. */
  key: Type.Optional(Type.String({ pattern: PROJECT_KEY_PATTERN })),
  /** IANA time zone (default `UTC`). */
  timeZone: Type.Optional(timeZone()),
});
export type CreateProjectRequest = Static<typeof createProjectRequestSchema>;

export const setProjectTimeZoneRequestSchema = closedObject({ projectId: uuid(), timeZone: timeZone() });
export type SetProjectTimeZoneRequest = Static<typeof setProjectTimeZoneRequestSchema>;

/**
 * A page of projects, oldest first (creation time, then id), optionally only those with the given
 * ids (the gateway lists a user's member projects this way).
 */
export const listProjectsRequestSchema = closedObject({
  ...pageRequestProperties(PROJECT_LIST_PAGE.max),
  projectIds: Type.Optional(Type.Array(uuid(), { maxItems: MAX_PROJECT_IDS_FILTER })),
});
export type ListProjectsRequest = Static<typeof listProjectsRequestSchema>;

export const getProjectRequestSchema = closedObject({ projectId: uuid() });
export type GetProjectRequest = Static<typeof getProjectRequestSchema>;
