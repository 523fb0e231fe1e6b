/** Projects are owned by the ingest service (with their write keys). */
export interface ProjectDto {
  id: string;
  name: string;
  /** ISO-8601 UTC. */
  createdAt: string;
}

export interface CreateProjectRequest {
  name: string;
}
export interface CreateProjectReply {
  project: ProjectDto;
  writeKey: string;
}

export type ListProjectsRequest = Record<string, never>;
export interface ListProjectsReply {
  projects: ProjectDto[];
}

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
  properties: { name: { type: 'string', minLength: 1, maxLength: MAX_PROJECT_NAME_LENGTH } },
} as const;

export const listProjectsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
} as const;

export const getProjectRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: { projectId: { type: 'string', format: 'uuid' } },
} as const;
