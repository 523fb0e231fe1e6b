import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GOVERNANCE_PAGES, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import type { Principal } from '../auth/principal';
import { type ConnectionShape, PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { CurrentPrincipal } from './current-principal.decorator';
import { assertMayOverrideGate } from './governance-roles';
import { RegisterModelInput, RegisterModelVersionInput, SetAliasInput } from './model-registry.input';
import {
  toAliasMove,
  toModel,
  toModelVersion,
  toRegisterModelRequest,
  toRegisterModelVersionRequest,
  toSetAliasRequest,
} from './model-registry.mapper';
import {
  AliasMove,
  AliasMoveConnection,
  Model,
  ModelConnection,
  ModelVersion,
  ModelVersionConnection,
  SetAliasResult,
} from './model-registry.model';
import { Envelope } from '../envelope/request-envelope.decorator';

const projectArg = { type: () => ID, description: 'The project.' } as const;

/**
 * Model registry: a project's models, their versions and aliases. Who may call what is the
 * authorization matrix (auth/authorization.matrix.ts); the governance service answers a model or
 * version of another project exactly as one that does not exist (NOT_FOUND).
 */
@Resolver(() => Model)
export class ModelRegistryResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => ModelConnection, { description: "The project's models with their current aliases, oldest first (created, then id)." })
  async models(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @PageFirstArg(GOVERNANCE_PAGES.models.max, GOVERNANCE_PAGES.models.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<ConnectionShape<Model>> {
    return toConnection(await this.rpc.request(RPC.governanceModelsList, { projectId, ...pageRequest(first, after) }, { envelope }), toModel);
  }

  @Query(() => ModelVersionConnection, { description: "A model's versions in registration order (version 1, 2, …); NOT_FOUND when the model is not in the project." })
  async modelVersions(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @Args('modelId', { type: () => ID, description: 'The model.' }) modelId: string,
    @PageFirstArg(GOVERNANCE_PAGES.modelVersions.max, GOVERNANCE_PAGES.modelVersions.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<ConnectionShape<ModelVersion>> {
    return toConnection(await this.rpc.request(RPC.governanceModelVersionsList, { projectId, modelId, ...pageRequest(first, after) }, { envelope }), toModelVersion);
  }

  @Query(() => AliasMoveConnection, { description: "Every move of a model's aliases, oldest first; NOT_FOUND when the model is not in the project." })
  async aliasMoves(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @Args('modelId', { type: () => ID, description: 'The model.' }) modelId: string,
    @PageFirstArg(GOVERNANCE_PAGES.aliasMoves.max, GOVERNANCE_PAGES.aliasMoves.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<ConnectionShape<AliasMove>> {
    return toConnection(await this.rpc.request(RPC.governanceAliasMovesList, { projectId, modelId, ...pageRequest(first, after) }, { envelope }), toAliasMove);
  }

  @Query(() => ModelVersion, { description: 'One model version of the project by id (NOT_FOUND when unknown or of another project).' })
  async modelVersion(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @Args('id', { type: () => ID, description: 'Version id.' }) id: string,
  ): Promise<ModelVersion> {
    return toModelVersion((await this.rpc.request(RPC.governanceModelVersionsGet, { projectId, versionId: id }, { envelope })).version);
  }

  @Mutation(() => Model, { description: 'Registers a model in a project (data scientists and admins).' })
  async registerModel(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The model.' }) input: RegisterModelInput): Promise<Model> {
    return toModel((await this.rpc.request(RPC.governanceModelsRegister, toRegisterModelRequest(input), { envelope })).model);
  }

  @Mutation(() => ModelVersion, { description: 'Registers a new version of a model with its compliance declarations (data scientists and admins).' })
  async registerModelVersion(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The version.' }) input: RegisterModelVersionInput): Promise<ModelVersion> {
    return toModelVersion((await this.rpc.request(RPC.governanceModelVersionsRegister, toRegisterModelVersionRequest(input), { envelope })).version);
  }

  @Mutation(() => SetAliasResult, {
    description:
      'Points an alias at a version (data scientists, compliance reviewers, admins). Moving `production` to a version without a recent passing audit fails with PROMOTION_BLOCKED unless a compliance reviewer or admin gives gateOverrideReason.',
  })
  async setAlias(
    @Envelope() envelope: RequestEnvelope,
    @Args('input', { description: 'The alias move.' }) input: SetAliasInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SetAliasResult> {
    assertMayOverrideGate(principal, input.projectId, input.gateOverrideReason);
    const reply = await this.rpc.request(RPC.governanceAliasesSet, toSetAliasRequest(input), { envelope });
    return { model: toModel(reply.model), move: toAliasMove(reply.move) };
  }
}
