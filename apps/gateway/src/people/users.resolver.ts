import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { CurrentPrincipal, GraphqlRequest } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { type ConnectionShape, PageAfterArg, PageFirstArg, toConnection } from '../graphql/relay-connection.model';
import { pageSize } from './page-size';
import { CreatedUser, User, UserConnection, toUser } from './user.model';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 50;

@Resolver(() => User)
export class UsersResolver {
  constructor(
    private readonly people: UsersService,
    private readonly rows: UsersRepository,
  ) {}

  @Query(() => UserConnection, { description: 'Every user, oldest first (instance admins).' })
  async users(@PageFirstArg(MAX_PAGE, DEFAULT_PAGE) first?: number | null, @PageAfterArg() after?: string | null): Promise<ConnectionShape<User>> {
    return toConnection(await this.rows.page(pageSize(first, MAX_PAGE, DEFAULT_PAGE), after ?? undefined), toUser);
  }

  @Mutation(() => CreatedUser, {
    description:
      'Creates a user (instance admins). Email: unique, case-insensitive. Display name: 1-200 characters without control characters. Password: 12-1024 characters; when left out one is generated and returned once.',
  })
  async createUser(
    @Args('email') email: string,
    @Args('displayName') displayName: string,
    @Args('password', { type: () => String, nullable: true }) password?: string | null,
    @Args('instanceAdmin', { type: () => Boolean, nullable: true, description: 'Default false.' }) instanceAdmin?: boolean | null,
  ): Promise<CreatedUser> {
    const created = await this.people.create({ email, displayName, password, instanceAdmin });
    return { user: toUser(created.user), generatedPassword: created.generatedPassword };
  }

  @Mutation(() => User, { description: 'Disables a user (instance admins): their sessions end at once and their API tokens stop working within 1 s on every gateway.' })
  async disableUser(@CurrentPrincipal() principal: Principal, @Args('userId', { type: () => ID }) userId: string): Promise<User> {
    return toUser(await this.people.disable(principal, userId));
  }

  @Mutation(() => User, { description: 'Enables a disabled user again (instance admins); their unrevoked tokens work again.' })
  async enableUser(@Args('userId', { type: () => ID }) userId: string): Promise<User> {
    return toUser(await this.people.enable(userId));
  }

  @Mutation(() => User, { description: 'Makes a user an instance admin or not (instance admins). The last enabled instance admin stays one.' })
  async setInstanceAdmin(@Args('userId', { type: () => ID }) userId: string, @Args('value') value: boolean): Promise<User> {
    return toUser(await this.people.setInstanceAdmin(userId, value));
  }

  @Mutation(() => Boolean, {
    description:
      "Changes the caller's password (12-1024 characters) after checking the current one (wrong: FORBIDDEN; repeated failures: RATE_LIMITED). The caller's other sessions end.",
  })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Args('currentPassword') currentPassword: string,
    @Args('newPassword') newPassword: string,
    @GraphqlRequest() request: AuthenticatedRequest,
  ): Promise<boolean> {
    await this.people.changePassword(principal, currentPassword, newPassword, request.ip);
    return true;
  }

  @Mutation(() => User, { description: "Changes the caller's display name (1-200 characters without control characters)." })
  async updateMyProfile(@CurrentPrincipal() principal: Principal, @Args('displayName') displayName: string): Promise<User> {
    return toUser(await this.people.updateProfile(principal, displayName));
  }
}
