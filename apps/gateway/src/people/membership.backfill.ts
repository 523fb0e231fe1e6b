import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, serviceEnvelope } from '@fulcrum/messaging';
import { AuthService } from '../auth/auth.service';
import { ProjectMembershipsRepository } from './project-memberships.repository';
import { UsersRepository } from './users.repository';

/** The user the migration 1764000000000 made from an old installation's tokens (a fixed id). */
export const MIGRATED_ADMIN_USER_ID = '00000000-0000-4000-8000-00000000ad01';

const PAGE = 100;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * Existing installations: projects made before memberships existed have no members, so the tokens
 * of the migrated admin would reach none of them. At every start, in the background, every
 * project without any member gets the migrated admin (if there is one) as ADMIN. Projects live in
 * the ingest service, so they are listed over NATS; until ingest answers this retries (1 s, doubling
 * to 30 s) and never holds up the gateway's start. A project that has members is never touched, so
 * running it again (or on two replicas) changes nothing.
 */
@Injectable()
export class MembershipBackfill implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MembershipBackfill.name);
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  /** Settles when the backfill is done (or stopped); tests await it. */
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly rpc: RpcClient,
    private readonly users: UsersRepository,
    private readonly memberships: ProjectMembershipsRepository,
    private readonly auth: AuthService,
  ) {}

  onApplicationBootstrap(): void {
    this.done = this.run();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    const admin = await this.users.findById(MIGRATED_ADMIN_USER_ID).catch(() => undefined);
    if (!admin) return;
    let delay = FIRST_RETRY_MS;
    while (!this.stopped) {
      try {
        const added = await this.backfill(admin.id);
        if (added > 0) {
          this.logger.log(`made the migrated admin an ADMIN of ${added} project(s) that had no members`);
          this.auth.forgetResolvedCredentials();
        }
        return;
      } catch (error) {
        this.logger.warn(`could not list projects yet (retry in ${delay / 1000} s): ${(error as Error).message}`);
        await new Promise<void>((resolve) => (this.timer = setTimeout(resolve, delay)));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  private async backfill(adminId: string): Promise<number> {
    // The gateway acting by itself; passed explicitly: the gateway never enters the envelope's async context.
    const envelope = serviceEnvelope('gateway');
    let added = 0;
    let after: string | undefined;
    do {
      const page = await this.rpc.request(RPC.ingestProjectsList, { first: PAGE, ...(after !== undefined && { after }) }, { envelope });
      added += await this.memberships.addAdminWhereNoMembers(
        page.edges.map((edge) => edge.node.id),
        adminId,
      );
      after = page.hasNextPage ? page.edges[page.edges.length - 1]?.cursor : undefined;
    } while (after !== undefined && !this.stopped);
    return added;
  }
}
