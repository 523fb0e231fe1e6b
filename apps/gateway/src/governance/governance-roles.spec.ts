import 'reflect-metadata';
import { DomainError, GOVERNANCE_LIMITS } from '@fulcrum/contracts';
import { REQUIRED_ROLES } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ALL_ROLES, Role } from '../auth/role';
import { AuditTrailResolver } from './audit-trail.resolver';
import { AuditsResolver } from './audits.resolver';
import { DecisionsResolver } from './decisions.resolver';
import { FairnessResolver } from './fairness.resolver';
import { actorOf, assertMayOverrideGate } from './governance-roles';
import { GOVERNANCE_RESOLVERS } from './governance.module';
import { ModelRegistryResolver } from './model-registry.resolver';
import { ProvenanceResolver } from './provenance.resolver';

const principal = (role: Role, name = 'Dana'): Principal => ({ tokenId: '5f0c8a8e-2f7e-4c55-9d7e-0d7c5b1f9a10', name, role });

/** The role table of governance.module.ts, as data: operation → roles allowed (undefined = any authenticated role). */
const EXPECTED: Record<string, Role[] | undefined> = {
  registerModel: [Role.DATA_SCIENTIST, Role.ADMIN],
  registerModelVersion: [Role.DATA_SCIENTIST, Role.ADMIN],
  setAlias: [Role.DATA_SCIENTIST, Role.COMPLIANCE, Role.ADMIN],
  recordDecisions: [Role.DATA_SCIENTIST, Role.ADMIN],
  recordOutcomes: [Role.DATA_SCIENTIST, Role.ADMIN],
  runAudit: [Role.COMPLIANCE, Role.ADMIN],
  exportAuditTrail: [Role.COMPLIANCE, Role.ADMIN],
  eraseDecisionSubject: [Role.COMPLIANCE, Role.ADMIN],
  models: undefined,
  modelVersion: undefined,
  fairnessReport: undefined,
  rules: undefined,
  audits: undefined,
  auditTrail: undefined,
  auditProof: undefined,
  auditPublicKey: undefined,
  decisionProvenance: undefined,
};

function declaredRoles(): Record<string, Role[] | undefined> {
  const out: Record<string, Role[] | undefined> = {};
  for (const resolver of GOVERNANCE_RESOLVERS) {
    expect(Reflect.getMetadata(REQUIRED_ROLES, resolver)).toBeUndefined(); // no class-wide restriction
    for (const name of Object.getOwnPropertyNames(resolver.prototype)) {
      if (name === 'constructor') continue;
      const handler = (resolver.prototype as unknown as Record<string, object>)[name];
      out[name] = Reflect.getMetadata(REQUIRED_ROLES, handler) as Role[] | undefined;
    }
  }
  return out;
}

describe('governance roles', () => {
  it('declares exactly the role table on the resolvers (ADMIN named everywhere, since the guard does not special-case it)', () => {
    expect(GOVERNANCE_RESOLVERS).toEqual([
      ModelRegistryResolver,
      DecisionsResolver,
      FairnessResolver,
      AuditsResolver,
      AuditTrailResolver,
      ProvenanceResolver,
    ]);
    const declared = declaredRoles();
    expect(Object.keys(declared).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [operation, roles] of Object.entries(EXPECTED)) {
      expect([operation, declared[operation] ? [...declared[operation]].sort() : undefined]).toEqual([operation, roles ? [...roles].sort() : undefined]);
    }
    // PMs, engineers and designers change nothing.
    for (const roles of Object.values(declared)) {
      for (const reader of [Role.PM, Role.ENGINEER, Role.DESIGNER]) expect(roles?.includes(reader) ?? true).toBe(roles === undefined);
    }
  });

  it('lets only compliance reviewers and admins override the promotion gate', () => {
    for (const role of ALL_ROLES) {
      const attempt = () => assertMayOverrideGate(principal(role), 'board approved on 2026-03-01');
      if (role === Role.COMPLIANCE || role === Role.ADMIN) expect(attempt).not.toThrow();
      else {
        expect(attempt).toThrow(DomainError);
        try {
          attempt();
        } catch (error) {
          expect((error as DomainError).code).toBe('FORBIDDEN');
          expect((error as DomainError).details).toMatchObject({ role, field: 'gateOverrideReason' });
        }
      }
      // Without an override anyone who may move aliases passes this check.
      expect(() => assertMayOverrideGate(principal(role), undefined)).not.toThrow();
      expect(() => assertMayOverrideGate(principal(role), null)).not.toThrow();
    }
    // An empty reason is still an attempt to override.
    expect(() => assertMayOverrideGate(principal(Role.DATA_SCIENTIST), '')).toThrow(DomainError);
  });

  it('builds the actor from the token, cutting long names to the contract limit', () => {
    expect(actorOf(principal(Role.DATA_SCIENTIST))).toBe('token:5f0c8a8e-2f7e-4c55-9d7e-0d7c5b1f9a10:Dana');
    const long = actorOf(principal(Role.DATA_SCIENTIST, 'é'.repeat(300)));
    expect(Array.from(long)).toHaveLength(GOVERNANCE_LIMITS.maxNameLength);
    expect(long.startsWith('token:5f0c8a8e-2f7e-4c55-9d7e-0d7c5b1f9a10:éé')).toBe(true);
    // Never splits a surrogate pair.
    const emoji = actorOf(principal(Role.DATA_SCIENTIST, '😀'.repeat(300)));
    expect(Array.from(emoji).every((c) => c === '😀' || !/[\uD800-\uDFFF]/.test(c))).toBe(true);
  });
});
