import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from './current-principal.decorator';
import { GOVERNANCE_ROLES, actorOf, assertMayOverrideGate } from './governance-roles';
import { RegisterModelInput, RegisterModelVersionInput, SetAliasInput } from './model-registry.input';
import {
  toAliasMove,
  toModel,
  toModelVersion,
  toRegisterModelRequest,
  toRegisterModelVersionRequest,
  toSetAliasRequest,
} from './model-registry.mapper';
import { Model, ModelVersion, SetAliasResult } from './model-registry.model';

/** Model registry: models, their versions and aliases (see the role table in governance.module.ts). */
@Resolver(() => Model)
export class ModelRegistryResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => [Model], { description: 'Every registered model with its versions, aliases and alias history.' })
  async models(): Promise<Model[]> {
    return (await this.rpc.request(RPC.governanceModelsList, {})).models.map(toModel);
  }

  @Query(() => ModelVersion, { description: 'One model version by id (NOT_FOUND when unknown).' })
  async modelVersion(@Args('id', { type: () => ID, description: 'Version id.' }) id: string): Promise<ModelVersion> {
    return toModelVersion((await this.rpc.request(RPC.governanceModelVersionsGet, { versionId: id })).version);
  }

  @Mutation(() => Model, { description: 'Registers a model (data scientists and admins).' })
  @Roles(...GOVERNANCE_ROLES.registerModels)
  async registerModel(
    @Args('input', { description: 'The model.' }) input: RegisterModelInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Model> {
    return toModel((await this.rpc.request(RPC.governanceModelsRegister, toRegisterModelRequest(input, actorOf(principal)))).model);
  }

  @Mutation(() => ModelVersion, { description: 'Registers a new version of a model with its compliance declarations (data scientists and admins).' })
  @Roles(...GOVERNANCE_ROLES.registerModels)
  async registerModelVersion(
    @Args('input', { description: 'The version.' }) input: RegisterModelVersionInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ModelVersion> {
    const reply = await this.rpc.request(RPC.governanceModelVersionsRegister, toRegisterModelVersionRequest(input, actorOf(principal)));
    return toModelVersion(reply.version);
  }

  @Mutation(() => SetAliasResult, {
    description:
      'Points an alias at a version (data scientists, compliance reviewers, admins). Moving `production` to a version without a recent passing audit fails with PROMOTION_BLOCKED unless a compliance reviewer or admin gives gateOverrideReason.',
  })
  @Roles(...GOVERNANCE_ROLES.moveAliases)
  async setAlias(
    @Args('input', { description: 'The alias move.' }) input: SetAliasInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SetAliasResult> {
    assertMayOverrideGate(principal, input.gateOverrideReason);
    const reply = await this.rpc.request(RPC.governanceAliasesSet, toSetAliasRequest(input, actorOf(principal)));
    return { model: toModel(reply.model), move: toAliasMove(reply.move) };
  }
}
