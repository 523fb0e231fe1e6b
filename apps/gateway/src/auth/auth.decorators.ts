import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'fulcrum:isPublic';

/**
 * Opts a plain HTTP handler out of authentication (static assets, health). GraphQL fields are
 * governed by the authorization matrix instead (authorization.matrix.ts).
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
