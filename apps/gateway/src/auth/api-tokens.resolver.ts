import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PageAfterArg, PageFirstArg, type ConnectionShape, toConnection } from '../graphql/relay-connection.model';
import { pageSize } from '../people/page-size';
import { ApiToken, ApiTokenConnection, CreatedApiToken, toApiToken } from './api-token.model';
import { ApiTokensService } from './api-tokens.service';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';
import { ProjectRole } from './project-role';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 50;

@Resolver(() => ApiToken)
export class ApiTokensResolver {
  constructor(private readonly tokens: ApiTokensService) {}

  @Mutation(() => CreatedApiToken, {
    description:
      "Creates an API token of the caller, with at most the caller's rights: optionally narrowed to one project and to some roles, optionally expiring. Its rights are re-evaluated on every use (a lost membership narrows it). The token is shown only here.",
  })
  async createApiToken(
    @CurrentPrincipal() principal: Principal,
    @Args('name', { description: '1-200 characters, trimmed.' }) name: string,
    @Args('projectId', { type: () => ID, nullable: true, description: 'Narrow to this project (one the caller is a member of).' }) projectId?: string | null,
    @Args('roles', { type: () => [ProjectRole], nullable: true, description: 'Narrow to these roles (each one the caller holds; a project ADMIN may pick any).' })
    roles?: ProjectRole[] | null,
    @Args('expiresAt', { type: () => Date, nullable: true, description: 'Stop working after this time (in the future).' }) expiresAt?: Date | null,
  ): Promise<CreatedApiToken> {
    const { row, token } = await this.tokens.create(principal, { name, projectId, roles, expiresAt });
    return { ...toApiToken(row), token };
  }

  @Query(() => ApiTokenConnection, { description: "The caller's API tokens (revoked and expired ones too), oldest first; instance admins may name another user." })
  async apiTokens(
    @CurrentPrincipal() principal: Principal,
    @PageFirstArg(MAX_PAGE, DEFAULT_PAGE) first?: number | null,
    @PageAfterArg() after?: string | null,
    @Args('userId', { type: () => ID, nullable: true, description: "Another user's tokens (instance admins only)." }) userId?: string | null,
  ): Promise<ConnectionShape<ApiToken>> {
    const page = await this.tokens.list(principal, userId, pageSize(first, MAX_PAGE, DEFAULT_PAGE), after ?? undefined);
    return toConnection(page, toApiToken);
  }

  @Mutation(() => ApiToken, { description: 'Revokes an API token of the caller (instance admins: anyone’s). It stops working on every gateway within 1 s.' })
  revokeApiToken(@CurrentPrincipal() principal: Principal, @Args('tokenId', { type: () => ID }) tokenId: string): Promise<ApiToken> {
    return this.tokens.revoke(principal, tokenId).then(toApiToken);
  }
}
