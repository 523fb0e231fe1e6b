import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type CreateProjectReply,
  DomainError,
  type ListProjectsReply,
  type ListProjectsRequest,
  PROJECT_LIST_PAGE,
  type ProjectDto,
  decodeCursor,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import type { ProjectEntity } from './project.entity';
import { ProjectsRepository } from './projects.repository';
import { issueWriteKey } from './write-key.secret';

const PROJECTS_CURSOR = 'projects';

/** Name of the write key every project starts with (and of the keys stored before keys had names). */
export const FIRST_WRITE_KEY_NAME = 'default';

@Injectable()
export class ProjectsService {
  constructor(private readonly repository: ProjectsRepository) {}

  async create(name: string, timeZone = 'UTC'): Promise<CreateProjectReply> {
    const trimmed = name.trim();
    if (trimmed.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'name must not be blank', { field: 'name' });
    }
    assertIanaTimeZone(timeZone);
    const issued = issueWriteKey();
    const project = await this.repository.createWithWriteKey(
      { id: randomUUID(), name: trimmed, timeZone },
      { id: randomUUID(), name: FIRST_WRITE_KEY_NAME, issued },
    );
    return { project: toDto(project), writeKey: issued.key };
  }

  /** A page of projects, oldest first, optionally only those with the given ids. */
  async list(request: ListProjectsRequest): Promise<ListProjectsReply> {
    const first = request.first ?? PROJECT_LIST_PAGE.default;
    const key = request.after === undefined ? undefined : decodeCursor(PROJECTS_CURSOR, request.after, 2);
    const { rows, totalCount } = await this.repository.page(first + 1, key && { createdAt: String(key[0]), id: String(key[1]) }, request.projectIds);
    const cursors = new Map(rows.map((row) => [row.entity.id, encodeCursor(PROJECTS_CURSOR, [row.createdKey, row.entity.id])]));
    const page = pageOf(rows, first, totalCount, (row) => cursors.get(row.entity.id) as string);
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toDto(edge.node.entity) })) };
  }

  async get(projectId: string): Promise<ProjectDto> {
    const project = await this.repository.findById(projectId);
    if (!project) throw new DomainError('PROJECT_NOT_FOUND', `No project ${projectId}`, { projectId });
    return toDto(project);
  }

  /** Changes the project's time zone (insights computed afterwards bucket in the new zone). */
  async setTimeZone(projectId: string, timeZone: string): Promise<ProjectDto> {
    assertIanaTimeZone(timeZone);
    const project = await this.repository.findById(projectId);
    if (!project) throw new DomainError('PROJECT_NOT_FOUND', `No project ${projectId}`, { projectId });
    await this.repository.setTimeZone(projectId, timeZone);
    return toDto({ ...project, timeZone });
  }
}

function toDto(p: ProjectEntity): ProjectDto {
  return { id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), timeZone: p.timeZone };
}

/** An IANA zone name the runtime's ICU knows (`Europe/Paris`, `UTC`); anything else is refused, never guessed. */
function assertIanaTimeZone(timeZone: string): void {
  let canonical: string | undefined;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    canonical = undefined;
  }
  if (!canonical || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) {
    throw new DomainError('VALIDATION_FAILED', `Unknown time zone ${JSON.stringify(timeZone)} (use an IANA name such as Europe/Paris).`, { field: 'timeZone' });
  }
}
