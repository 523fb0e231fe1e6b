import { SetMetadata } from '@nestjs/common';
import type { Role } from './role';

export const IS_PUBLIC = 'fulcrum:isPublic';
export const REQUIRED_ROLES = 'fulcrum:roles';

/** Opts a handler out of authentication (static assets, health). Everything else requires a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Restricts a resolver to these roles; without it any authenticated role may call it. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);
