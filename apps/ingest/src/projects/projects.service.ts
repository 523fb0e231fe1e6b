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
import { QueryFailedError } from 'typeorm';
import { PROJECT_KEY, keyBaseOf, keyCandidates } from './project-key.deriver';
import type { ProjectEntity } from './project.entity';
import { ProjectsRepository } from './projects.repository';
import { issueWriteKey } from './write-key.secret';

const PROJECTS_CURSOR = 'projects';
/** Derived-key candidates looked up per query. */
const KEY_BATCH = 20;
/** Creations that lost a race for a derived key try again this many times. */
const MAX_KEY_ATTEMPTS = 5;

/** Name of the write key every project starts with (and of the keys stored before keys had names). */
export const FIRST_WRITE_KEY_NAME = 'default';

@Injectable()
export class ProjectsService {
  /** Project creations of this process, one after the other (see `create`). */
  private keyQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly repository: ProjectsRepository) {}

  /**
   * A new project with its first write key. Its key is the one asked for (upper-cased; taken
   * already → CONFLICT) or one derived from the name with a number added until it is free; when
   * two creations race for a derived key, the unique index refuses one, which takes the next.
   */
  async create(name: string, timeZone = 'UTC', key?: string): Promise<CreateProjectReply> {
    const trimmed = name.trim();
    if (trimmed.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'name must not be blank', { field: 'name' });
    }
    assertIanaTimeZone(timeZone);
    const asked = key?.toUpperCase();
    if (asked !== undefined && !PROJECT_KEY.test(asked)) {
      throw new DomainError('VALIDATION_FAILED', 'key is 2–10 letters and digits starting with a letter', { field: 'key' });
    }
    const issued = issueWriteKey();
    // One creation at a time per process picks and inserts its key: a taken key is found by the
    // lookup, not by a failing insert (embedded PGlite drops the connection of a failed statement in
    // a transaction). Across replicas the unique index still decides; the loser tries the next key.
    return this.serialised(async () => {
      for (let attempt = 0; ; attempt++) {
        const projectKey = asked ?? (await this.freeKey(trimmed));
        if (asked !== undefined && (await this.repository.takenKeys([asked])).has(asked)) throw keyTaken(asked);
        try {
          const project = await this.repository.createWithWriteKey(
            { id: randomUUID(), name: trimmed, timeZone, key: projectKey },
            { id: randomUUID(), name: FIRST_WRITE_KEY_NAME, issued },
          );
          return { project: toDto(project), writeKey: issued.key };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          if (asked !== undefined) throw keyTaken(asked);
          if (attempt >= MAX_KEY_ATTEMPTS) throw error;
        }
      }
    });
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.keyQueue.then(work, work);
    this.keyQueue = run.catch(() => undefined);
    return run;
  }

  /** The first free candidate of the name's key, looked up a batch of candidates at a time. */
  private async freeKey(name: string): Promise<string> {
    const candidates = keyCandidates(keyBaseOf(name));
    for (;;) {
      const batch = Array.from({ length: KEY_BATCH }, () => candidates.next().value as string);
      const taken = await this.repository.takenKeys(batch);
      const free = batch.find((candidate) => !taken.has(candidate));
      if (free !== undefined) return free;
    }
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
  return { id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), timeZone: p.timeZone, key: p.key };
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

function keyTaken(key: string): DomainError {
  return new DomainError('CONFLICT', `The project key ${key} is taken.`, { field: 'key', key });
}

/** A unique index refused the insert (SQLSTATE 23505): the key was taken meanwhile. */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}
