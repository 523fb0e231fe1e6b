import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AdoptUnscopedReply } from '@fulcrum/contracts';
import { AuditTrailPort } from '../audit-trail/audit-trail.port';
import { UnscopedAuditsAdopter } from '../audits/unscoped-audits.adopter';
import { UnscopedDecisionsAdopter } from '../decisions/unscoped-decisions.adopter';
import type { RequestActor } from '../infrastructure/request-actor';
import { UnscopedModelsAdopter } from '../registry/unscoped-models.adopter';

export const UNSCOPED_ADOPTED = 'governance.unscoped-adopted';

/**
 * Adopts everything written before projects existed into one project (the gateway names the
 * installation's first project: governance cannot read ingest's). One transaction: models (their
 * versions, aliases and alias moves follow), decisions, audits, and governance's own v1 trail
 * entries all move, and a `governance.unscoped-adopted` entry records the counts — or nothing moves.
 * Only rows without a project are touched, so a repeated call adopts nothing and records nothing.
 * Until then those rows are invisible to every project-scoped read.
 */
@Injectable()
export class ProjectAdoptionService {
  private readonly logger = new Logger(ProjectAdoptionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly models: UnscopedModelsAdopter,
    private readonly decisions: UnscopedDecisionsAdopter,
    private readonly audits: UnscopedAuditsAdopter,
    private readonly trail: AuditTrailPort,
  ) {}

  async adoptUnscoped(projectId: string, actor: RequestActor): Promise<AdoptUnscopedReply> {
    const reply = await this.dataSource.transaction(async (manager): Promise<AdoptUnscopedReply> => {
      const adopted = {
        models: await this.models.adopt(manager, projectId),
        decisions: await this.decisions.adopt(manager, projectId),
        audits: await this.audits.adopt(manager, projectId),
        auditEntries: await this.trail.adoptUnscoped(manager, projectId),
      };
      if (Object.values(adopted).every((n) => n === 0)) return { projectId, adopted, auditSeq: null };
      const [entry] = await this.trail.append(manager, [
        { actor: actor.id, actorName: actor.name, projectId, action: UNSCOPED_ADOPTED, subject: `project:${projectId}`, payload: { projectId, adopted } },
      ]);
      return { projectId, adopted, auditSeq: entry.seq };
    });
    if (reply.auditSeq !== null) this.logger.log(`adopted governance rows from before projects into project ${projectId}: ${JSON.stringify(reply.adopted)}`);
    return reply;
  }
}
