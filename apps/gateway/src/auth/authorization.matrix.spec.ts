import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GraphQLField, type GraphQLObjectType, buildSchema, getNamedType, isInputObjectType } from 'graphql';
import { DomainError } from '@fulcrum/contracts';
import { AUTHORIZATION_MATRIX, type Access } from './authorization.matrix';
import { renderAuthorizationMatrix, withRenderedMatrix } from './authorization-matrix.renderer';
import { authorize } from './auth.guard';
import type { Principal } from './principal';
import { PROJECT_ROLES, ProjectRole } from './project-role';

const root = join(__dirname, '../../../..');
const schema = buildSchema(readFileSync(join(root, 'apps/gateway/schema.gql'), 'utf8'));
const rootFields = (type: GraphQLObjectType | null | undefined): Array<[string, GraphQLField<unknown, unknown>]> =>
  Object.values(type?.getFields() ?? {}).map((field) => [`${type?.name}.${field.name}`, field]);
const schemaFields = [...rootFields(schema.getQueryType()), ...rootFields(schema.getMutationType())];

function namesAProject(field: GraphQLField<unknown, unknown>): boolean {
  if (field.args.some((arg) => arg.name === 'projectId')) return true;
  const input = field.args.find((arg) => arg.name === 'input');
  const type = input && getNamedType(input.type);
  return Boolean(type && isInputObjectType(type) && 'projectId' in type.getFields());
}

describe('the authorization matrix', () => {
  it('has exactly one row for every Query and Mutation field of schema.gql (a new field without a row fails here)', () => {
    expect(Object.keys(AUTHORIZATION_MATRIX).sort()).toEqual(schemaFields.map(([name]) => name).sort());
  });

  it.each(schemaFields.filter(([name]) => AUTHORIZATION_MATRIX[name]?.scope === 'project'))(
    '%s is project-scoped, so it names its project (projectId or input.projectId)',
    (_name, field) => {
      expect(namesAProject(field)).toBe(true);
    },
  );

  it('gives every project-scoped row at least one role, ADMIN always among them', () => {
    for (const access of Object.values(AUTHORIZATION_MATRIX)) {
      if (access.scope !== 'project') continue;
      expect(access.roles.length).toBeGreaterThan(0);
      expect(access.roles).toContain(ProjectRole.ADMIN);
    }
  });

  it.each([
    ['docs/api.md'],
    ['docs/security.md'],
  ])('is rendered in %s exactly (run `npm run schema:write` to re-render)', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    expect(withRenderedMatrix(text)).toBe(text);
  });
});

function principal(roles: Record<string, ProjectRole[]>, instanceAdmin = false): Principal {
  return {
    userId: 'u1',
    displayName: 'Dana',
    instanceAdmin,
    credential: { kind: 'token', tokenId: 't1' },
    rolesIn: (projectId) => new Set(roles[projectId] ?? []),
    memberProjectIds: () => new Set(Object.keys(roles)),
  };
}

function outcome(access: Access, who: Principal, args: Record<string, unknown>): string {
  try {
    authorize(access, who, args, 'Query.x');
    return 'allowed';
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('authorize', () => {
  const onlyDs: Access = { scope: 'project', roles: [ProjectRole.DATA_SCIENTIST, ProjectRole.ADMIN] };

  it('lets a member with a listed role in the named project through, by projectId or input.projectId', () => {
    const dana = principal({ A: [ProjectRole.DATA_SCIENTIST] });
    expect(outcome(onlyDs, dana, { projectId: 'A' })).toBe('allowed');
    expect(outcome(onlyDs, dana, { input: { projectId: 'A' } })).toBe('allowed');
  });

  it('answers a member without the role FORBIDDEN, and an outsider PROJECT_NOT_FOUND as for a project that does not exist', () => {
    const pat = principal({ A: [ProjectRole.PM] });
    expect(outcome(onlyDs, pat, { projectId: 'A' })).toBe('FORBIDDEN');
    expect(outcome(onlyDs, pat, { projectId: 'B' })).toBe('PROJECT_NOT_FOUND');
    expect(outcome(onlyDs, pat, { projectId: 'no-such-project' })).toBe('PROJECT_NOT_FOUND');
  });

  it('does not let an instance admin read a project they are not a member of', () => {
    expect(outcome(onlyDs, principal({}, true), { projectId: 'A' })).toBe('PROJECT_NOT_FOUND');
  });

  it('keeps instance-admin fields to instance admins, whatever their project roles', () => {
    const access: Access = { scope: 'instance-admin' };
    expect(outcome(access, principal({ A: [...PROJECT_ROLES] }), {})).toBe('FORBIDDEN');
    expect(outcome(access, principal({}, true), {})).toBe('allowed');
  });

  it('renders one row per field with a column per role', () => {
    const table = renderAuthorizationMatrix({ 'Query.sql': onlyDs, 'Query.me': { scope: 'authenticated' } });
    expect(table.split('\n')).toEqual([
      '| operation | who | PM | DESIGNER | ENGINEER | DATA_SCIENTIST | COMPLIANCE | ADMIN |',
      '| --- | --- | :---: | :---: | :---: | :---: | :---: | :---: |',
      '| `Query.me` | any signed-in caller | — | — | — | — | — | — |',
      '| `Query.sql` | project members with a ✓ role |  |  |  | ✓ |  | ✓ |',
    ]);
  });
});
