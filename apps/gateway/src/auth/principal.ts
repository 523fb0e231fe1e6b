import type { Role } from './role';

/** Who is calling: resolved from the API token by the auth guard. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}
