import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RPC, WRITE_KEY_LIMITS, type WriteKeyDto } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { CreatedWriteKey, WriteKey, WriteKeyConnection } from './write-key.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/** A project's write keys (owned by ingest). Who may call what: auth/authorization.matrix.ts. */
@Resolver(() => WriteKey)
export class WriteKeysResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => WriteKeyConnection, { description: "A project's write keys, revoked ones included, oldest first." })
  async writeKeys(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @PageFirstArg(WRITE_KEY_LIMITS.maxPageSize, WRITE_KEY_LIMITS.defaultPageSize) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<WriteKeyConnection> {
    const page = await this.rpc.request(RPC.ingestWriteKeysList, { projectId, ...pageRequest(first, after) }, { envelope });
    return toConnection(page, toWriteKeyModel);
  }

  @Mutation(() => CreatedWriteKey, { description: 'Creates a write key; the answer holds the key itself, shown only this once.' })
  async createWriteKey(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @Args('name', { description: `What the key is for (1-${WRITE_KEY_LIMITS.maxNameLength} characters), e.g. "web app".` }) name: string,
  ): Promise<CreatedWriteKey> {
    const reply = await this.rpc.request(RPC.ingestWriteKeysCreate, { projectId, name }, { envelope });
    return { writeKey: toWriteKeyModel(reply.writeKey), key: reply.key };
  }

  @Mutation(() => WriteKey, {
    description: 'Revokes a write key: every collector refuses it within 1 s (401). Revoking a revoked key answers it unchanged.',
  })
  async revokeWriteKey(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @Args('writeKeyId', { type: () => ID, description: 'The key to revoke (its id, not the key).' }) writeKeyId: string,
  ): Promise<WriteKey> {
    const { writeKey } = await this.rpc.request(RPC.ingestWriteKeysRevoke, { projectId, writeKeyId }, { envelope });
    return toWriteKeyModel(writeKey);
  }
}

export function toWriteKeyModel(k: WriteKeyDto): WriteKey {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created: new Date(k.createdAt),
    revoked: k.revokedAt === null ? null : new Date(k.revokedAt),
    lastUsed: k.lastUsedAt === null ? null : new Date(k.lastUsedAt),
  };
}
