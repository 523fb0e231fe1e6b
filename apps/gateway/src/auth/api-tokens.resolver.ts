import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@fulcrum/contracts';
import { CreatedApiToken } from './api-token.model';
import { Roles } from './auth.decorators';
import { AuthService } from './auth.service';
import { Role } from './role';

const MAX_TOKEN_NAME_LENGTH = 200;

@Resolver(() => CreatedApiToken)
export class ApiTokensResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => CreatedApiToken, { description: 'Creates an API token for a person or a service (admins only).' })
  @Roles(Role.ADMIN)
  async createApiToken(@Args('name') name: string, @Args('role', { type: () => Role }) role: Role): Promise<CreatedApiToken> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_TOKEN_NAME_LENGTH) {
      throw new DomainError('VALIDATION_FAILED', `name must be 1-${MAX_TOKEN_NAME_LENGTH} characters`, { field: 'name' });
    }
    const { token, principal } = await this.auth.createToken(trimmed, role);
    return { id: principal.tokenId, name: principal.name, role: principal.role, token };
  }
}
