import { randomUUID } from 'node:crypto';
import { type ListProjectsReply, type ProjectDto, RPC, decodeCursor, encodeCursor, pageOf } from '@fulcrum/contracts';
import { type FakeResponder, FakeRpcError } from '@fulcrum/testing';

/**
 * The project RPCs of the ingest service, in memory, on a FakeResponder: create, list (pages,
 * `projectIds` filter), get, set time zone. Enough for the gateway's people and access tests.
 */
export class FakeIngestProjects {
  readonly projects: ProjectDto[] = [];
  private clock = Date.parse('2026-01-01T00:00:00.000Z');

  constructor(responder: FakeResponder) {
    responder
      .on(RPC.ingestProjectsCreate, (data) => ({ project: this.add(String(data['name'])), writeKey: `wk_${randomUUID().replace(/-/g, '')}` }))
      .on(RPC.ingestProjectsGet, (data) => ({ project: this.find(String(data['projectId'])) }))
      .on(RPC.ingestProjectsSetTimeZone, (data) => {
        const project = this.find(String(data['projectId']));
        project.timeZone = String(data['timeZone']);
        return { project };
      })
      .on(RPC.ingestProjectsList, (data) => this.list(data));
  }

  add(name: string, id: string = randomUUID()): ProjectDto {
    this.clock += 1000;
    const project = { id, name, createdAt: new Date(this.clock).toISOString(), timeZone: 'UTC', key: `P${this.projects.length + 1}` };
    this.projects.push(project);
    return project;
  }

  private find(projectId: string): ProjectDto {
    const project = this.projects.find((p) => p.id === projectId);
    if (!project) throw new FakeRpcError({ code: 'PROJECT_NOT_FOUND', message: `No project ${projectId}`, details: { projectId } });
    return project;
  }

  private list(data: Record<string, unknown>): ListProjectsReply {
    const first = typeof data['first'] === 'number' ? data['first'] : 50;
    const ids = Array.isArray(data['projectIds']) ? (data['projectIds'] as string[]) : undefined;
    const after = typeof data['after'] === 'string' ? decodeCursor('projects', data['after'], 2) : undefined;
    const matching = this.projects.filter((p) => !ids || ids.includes(p.id));
    const rest = matching.filter((p) => !after || `${p.createdAt}|${p.id}` > `${String(after[0])}|${String(after[1])}`);
    return pageOf(rest.slice(0, first + 1), first, matching.length, (p) => encodeCursor('projects', [p.createdAt, p.id]));
  }
}
