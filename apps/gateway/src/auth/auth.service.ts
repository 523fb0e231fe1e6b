import { Injectable } from '@nestjs/common';
import { ApiTokensRepository } from './api-tokens.repository';
import type { Principal } from './principal';
import type { Role } from './role';
import { hashToken, newApiToken } from './token-hash';

/** How long a resolved token is trusted without asking the database again (bounds revocation delay). */
const CACHE_TTL_MS = 30_000;

@Injectable()
export class AuthService {
  private readonly cache = new Map<string, { principal: Principal | undefined; at: number }>();

  constructor(private readonly tokens: ApiTokensRepository) {}

  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    const cached = this.cache.get(hash);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.principal;
    const row = await this.tokens.findActiveByHash(hash);
    const principal = row ? { tokenId: row.id, name: row.name, role: row.role } : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, at: Date.now() });
    return principal;
  }

  /** Creates a token; the plain value is returned once and never stored. */
  async createToken(name: string, role: Role): Promise<{ token: string; principal: Principal }> {
    const token = newApiToken();
    const row = await this.tokens.insert(name, hashToken(token), role);
    return { token, principal: { tokenId: row.id, name: row.name, role: row.role } };
  }

  /** Makes sure a given token exists with this role (the launcher's admin token). */
  ensureToken(token: string, name: string, role: Role): Promise<void> {
    return this.tokens.insertIfAbsent(name, hashToken(token), role);
  }
}
