import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type AdoptUnscopedReply, RPC } from '@fulcrum/contracts';
import { type RequestEnvelope, RpcClient, serviceEnvelope } from '@fulcrum/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';

/** What one attempt found. */
type Outcome = { kind: 'adopted'; reply: AdoptUnscopedReply } | { kind: 'no-project' };

/**
 * Moves governance rows from before projects (models, versions, decisions, audits, and the
 * governance entries of the audit trail) into the installation's first project: the gateway asks
 * ingest for the oldest project and governance to adopt everything without a project into it
 * (`governance.projects.adopt-unscoped.v1`, idempotent: only NULLs move, so every start may ask).
 *
 * It runs in the background after start-up and never blocks it: until both services answer it
 * retries with a growing delay; while the installation has no project yet it asks again now and
 * then; it stops at shutdown; and it logs once, when done. Until then the old rows are invisible
 * to every project-scoped query. Off when the config says so (`adoptUnscopedGovernance`; on in
 * every start through `loadGatewayConfig`).
 */
@Injectable()
export class UnscopedGovernanceAdopter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UnscopedGovernanceAdopter.name);
  /** Delays between failed attempts (the last one repeats). Tests shorten them. */
  retryDelaysMs: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];
  /** Delay before asking again while no project exists. */
  noProjectDelayMs = 60_000;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;
  private settle: (reply: AdoptUnscopedReply | undefined) => void = () => undefined;
  /** Resolves with the adoption's reply once done, or undefined when stopped before. */
  readonly done: Promise<AdoptUnscopedReply | undefined> = new Promise((resolve) => {
    this.settle = resolve;
  });

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: Pick<GatewayConfig, 'adoptUnscopedGovernance'>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.adoptUnscopedGovernance) {
      this.settle(undefined);
      return;
    }
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.settle(undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.attempt(), delayMs);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    let outcome: Outcome;
    try {
      // The gateway acting by itself: the services record `service:gateway` as the actor.
      outcome = await this.adoptIntoFirstProject({ ...serviceEnvelope('gateway'), actorName: 'Fulcrum gateway' });
    } catch (error) {
      if (this.stopped) return;
      if (this.failures === 0) {
        this.logger.debug(`adopting governance rows from before projects must wait (${(error as Error).message}); retrying in the background`);
      }
      this.schedule(this.retryDelaysMs[Math.min(this.failures, this.retryDelaysMs.length - 1)] ?? 30_000);
      this.failures += 1;
      return;
    }
    if (this.stopped) return;
    if (outcome.kind === 'no-project') {
      this.schedule(this.noProjectDelayMs);
      return;
    }
    const { reply } = outcome;
    const moved = Object.entries(reply.adopted).filter(([, n]) => n > 0);
    this.logger.log(
      moved.length === 0
        ? `governance rows from before projects: none left to adopt (first project ${reply.projectId})`
        : `adopted governance rows from before projects into the first project ${reply.projectId}: ${moved.map(([k, n]) => `${n} ${k}`).join(', ')} (audit-trail entry ${reply.auditSeq})`,
    );
    this.settle(reply);
  }

  private async adoptIntoFirstProject(envelope: RequestEnvelope): Promise<Outcome> {
    // Oldest first: the first edge is the installation's first project.
    const page = await this.rpc.request(RPC.ingestProjectsList, { first: 1 }, { envelope });
    const first = page.edges[0]?.node;
    if (!first) return { kind: 'no-project' };
    return { kind: 'adopted', reply: await this.rpc.request(RPC.governanceProjectsAdoptUnscoped, { projectId: first.id }, { envelope }) };
  }
}
