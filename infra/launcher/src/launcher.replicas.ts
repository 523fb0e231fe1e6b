import type { PlatformOptions } from './platform.launcher';

/** The services the launcher can start several processes of (stateless apart from their caches). */
export const REPLICATED_SERVICES = ['ingest', 'gateway'] as const;
export type ReplicatedService = (typeof REPLICATED_SERVICES)[number];

/** More would only be a typo: each replica is a Node process with its own database pool (10 connections). */
export const MAX_REPLICAS = 16;

/** The launcher variables of each replicated service (for messages that name what to change). */
export const REPLICA_VARIABLES: Readonly<Record<ReplicatedService, { replicas: string; port: string; databaseUrl: string }>> = {
  ingest: { replicas: 'FULCRUM_INGEST_REPLICAS', port: 'FULCRUM_INGEST_PORT', databaseUrl: 'FULCRUM_INGEST_DATABASE_URL' },
  gateway: { replicas: 'FULCRUM_GATEWAY_REPLICAS', port: 'FULCRUM_GATEWAY_PORT', databaseUrl: 'FULCRUM_GATEWAY_DATABASE_URL' },
};

/** One process of a replicated service: replica 1 keeps the service's plain name (`gateway`, `logs/gateway.log`). */
export interface Replica {
  service: ReplicatedService;
  /** 1-based. */
  index: number;
  port: number;
  /** `ingest`, `ingest-2`, …: the key in `RunningPlatform.processes`, the log prefix and the log file name. */
  processName: ReplicaProcessName;
}

export type ReplicaProcessName = ReplicatedService | `${ReplicatedService}-${number}`;

/** Every replica of both services, replica 1 first within each. */
export interface ReplicaPlan {
  ingest: Replica[];
  gateway: Replica[];
}

export function replicaProcessName(service: ReplicatedService, index: number): ReplicaProcessName {
  return index === 1 ? service : `${service}-${index}`;
}

/**
 * Validates the replica options and gives every replica its port: replica 1 listens on
 * `ingestPort` / `gatewayPort`, replica k on the k-1st entry of `ingestReplicaPorts` /
 * `gatewayReplicaPorts`, or else on the base port + k - 1. Throws, before anything is started, when:
 * - a count is not an integer from 1 to MAX_REPLICAS, or a port list does not fit its count;
 * - more than one replica would use the embedded database: PGlite belongs to one process (and its
 *   multi-connection socket server interleaves the protocol messages of its connections), so
 *   replicas need the PostgreSQL server in FULCRUM_INGEST_DATABASE_URL / FULCRUM_GATEWAY_DATABASE_URL;
 * - a port is beyond 65535 or two processes would share one.
 */
export function planReplicas(options: PlatformOptions): ReplicaPlan {
  const plan: ReplicaPlan = {
    ingest: replicasOf('ingest', options.ingestReplicas, options.ingestPort, options.ingestReplicaPorts, options.serviceEnv),
    gateway: replicasOf('gateway', options.gatewayReplicas, options.gatewayPort, options.gatewayReplicaPorts, options.serviceEnv),
  };
  const owners = new Map<number, string>();
  if (!options.natsUrl) owners.set(options.natsPort, 'nats-server');
  for (const replica of [...plan.ingest, ...plan.gateway]) {
    const what = describeReplica(replica);
    const other = owners.get(replica.port);
    if (other !== undefined) {
      throw new Error(
        `port ${replica.port} is given to both ${other} and ${what}: choose ports that do not overlap (FULCRUM_NATS_PORT, FULCRUM_INGEST_PORT, FULCRUM_GATEWAY_PORT; replica k listens on the port + k - 1)`,
      );
    }
    owners.set(replica.port, what);
  }
  return plan;
}

/** `ingest` for a single replica or replica 1, `ingest replica 2` for the others. */
export function describeReplica(replica: Replica): string {
  return replica.index === 1 ? replica.service : `${replica.service} replica ${replica.index}`;
}

function replicasOf(
  service: ReplicatedService,
  count: number | undefined,
  basePort: number,
  extraPorts: readonly number[] | undefined,
  serviceEnv: NodeJS.ProcessEnv | undefined,
): Replica[] {
  const replicas = count ?? 1;
  const vars = REPLICA_VARIABLES[service];
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS) {
    throw new Error(`${service}Replicas (${vars.replicas}) must be an integer from 1 to ${MAX_REPLICAS}, got ${replicas}`);
  }
  if (extraPorts !== undefined && extraPorts.length !== replicas - 1) {
    throw new Error(`${service}ReplicaPorts lists ${extraPorts.length} ports for ${replicas} ${service} replicas: give one per replica after the first`);
  }
  if (replicas > 1 && !serviceEnv?.[vars.databaseUrl]) {
    throw new Error(
      `${replicas} ${service} replicas (${vars.replicas}) need one PostgreSQL database they share: set ${vars.databaseUrl}. ` +
        `The embedded database (PGlite) serves a single process, so without it ${vars.replicas} must be 1.`,
    );
  }
  return Array.from({ length: replicas }, (_, i) => {
    const index = i + 1;
    const port = index === 1 ? basePort : (extraPorts?.[i - 1] ?? basePort + i);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`${service} replica ${index} would listen on port ${port}, which is not a TCP port (0-65535): lower ${vars.port} or give the replicas' ports`);
    }
    return { service, index, port, processName: replicaProcessName(service, index) };
  });
}
