import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type CreateProjectReply, DomainError, type ProjectDto } from '@fulcrum/contracts';
import type { ProjectEntity } from './project.entity';
import { ProjectsRepository } from './projects.repository';
import { WriteKeyCache } from './write-key.cache';

/** Printable ASCII without spaces, at most 256 characters: every key we issue (`wk_` + base64url) fits. */
const WRITE_KEY_SHAPE = /^[\x21-\x7e]{1,256}$/;

@Injectable()
export class ProjectsService implements OnModuleInit {
  private readonly cache = new WriteKeyCache();

  constructor(private readonly repository: ProjectsRepository) {}

  async onModuleInit(): Promise<void> {
    for (const { key, projectId } of await this.repository.activeWriteKeys()) this.cache.set(key, projectId);
  }

  async create(name: string, timeZone = 'UTC'): Promise<CreateProjectReply> {
    const trimmed = name.trim();
    if (trimmed.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'name must not be blank', { field: 'name' });
    }
    assertIanaTimeZone(timeZone);
    const writeKey = `wk_${randomBytes(24).toString('base64url')}`;
    const project = await this.repository.createWithWriteKey({ id: randomUUID(), name: trimmed, timeZone }, writeKey);
    this.cache.set(writeKey, project.id);
    return { project: toDto(project), writeKey };
  }

  async list(): Promise<ProjectDto[]> {
    return (await this.repository.list()).map(toDto);
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

  /** The project a write key authenticates, or undefined (the caller answers 401). */
  async projectIdForWriteKey(key: string): Promise<string | undefined> {
    // A key no project can have (NUL, spaces, non-ASCII, absurd length) is answered without a
    // query: PostgreSQL refuses NUL in text, and nothing else needs to reach the database.
    if (!WRITE_KEY_SHAPE.test(key)) return undefined;
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (this.cache.isRecentMiss(key)) return undefined;
    const projectId = await this.repository.projectIdForWriteKey(key);
    if (projectId) {
      this.cache.set(key, projectId);
      return projectId;
    }
    this.cache.rememberMiss(key);
    return undefined;
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
