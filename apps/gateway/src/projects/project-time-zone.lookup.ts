import { Injectable } from '@nestjs/common';
import { type ProjectDto, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';

/** How long a project's time zone is reused before ingest is asked again. */
export const PROJECT_TIME_ZONE_TTL_MS = 10_000;
const MAX_CACHED_PROJECTS = 10_000;

/**
 * The project's time zone for an insight request. Asking ingest also answers PROJECT_NOT_FOUND for
 * an unknown project, rather than an empty result that looks like "no events yet". A found zone is
 * kept for PROJECT_TIME_ZONE_TTL_MS (an insight then costs no ingest round trip); this gateway's
 * own createProject/setProjectTimeZone update it at once, so only a change made through another
 * gateway replica can take up to that long to be used here (every result names its zone).
 */
@Injectable()
export class ProjectTimeZoneLookup {
  private readonly known = new Map<string, { timeZone: string; at: number }>();

  constructor(private readonly rpc: RpcClient) {}

  async timeZoneOf(projectId: string, envelope: RequestEnvelope): Promise<string> {
    const cached = this.known.get(projectId);
    if (cached && Date.now() - cached.at < PROJECT_TIME_ZONE_TTL_MS) return cached.timeZone;
    const { project } = await this.rpc.request(RPC.ingestProjectsGet, { projectId }, { envelope });
    this.remember(project);
    return project.timeZone;
  }

  /** Records a project as ingest just returned it (after a create or a time zone change). */
  remember(project: ProjectDto): void {
    if (this.known.size >= MAX_CACHED_PROJECTS) this.known.clear();
    this.known.set(project.id, { timeZone: project.timeZone, at: Date.now() });
  }
}
