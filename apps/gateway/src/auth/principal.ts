import type { ProjectRole } from './project-role';

/**
 * What an API token is narrowed to: one project (or null: every project of its user) and a subset
 * of roles (or null: the user's roles). Both null: the token acts with all of its user's rights.
 */
export interface TokenNarrowing {
  readonly projectId: string | null;
  readonly roles: readonly ProjectRole[] | null;
}

/** How the caller proved who they are. */
export type Credential =
  | {
      kind: 'token';
      tokenId: string;
      /** The token's narrowing (absent: none). */
      narrowing?: TokenNarrowing;
      /** The token's expiry (absent or null: none). */
      expiresAt?: Date | null;
    }
  /** `sessionId` is the SHA-256 of the session id (the secret itself is kept nowhere on the server). */
  | { kind: 'session'; sessionId: string };

/**
 * Who is calling, resolved by the auth guard from a session cookie or an API token, never from
 * anything else the client sent. A token carries at most its user's rights, possibly narrowed to
 * one project and a subset of roles: `rolesIn` and `instanceAdmin` already apply that narrowing
 * (principal.factory.ts).
 */
export interface Principal {
  readonly userId: string;
  /** The user's display name when the credential was resolved (audit entries record it). */
  readonly displayName: string;
  /** Instance admin: manages users and projects. Only sessions and unnarrowed tokens carry it. */
  readonly instanceAdmin: boolean;
  readonly credential: Credential;
  /** The caller's roles in a project (empty when not a member, or narrowed away). */
  rolesIn(projectId: string): ReadonlySet<ProjectRole>;
  /** Projects where `rolesIn` is not empty. */
  memberProjectIds(): ReadonlySet<string>;
}
