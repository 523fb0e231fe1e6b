import { AUTHORIZATION_MATRIX, type Access } from './authorization.matrix';
import { PROJECT_ROLES } from './project-role';

/** Markers around the rendered matrix in docs (docs/api.md, docs/security.md). */
export const MATRIX_BEGIN = '<!-- authorization-matrix -->';
export const MATRIX_END = '<!-- /authorization-matrix -->';

/**
 * The authorization matrix as a Markdown table, one row per field, one column per project role
 * ("✓" may call), sorted by operation type then name. Docs carry exactly this text between the
 * markers; a test fails when they differ.
 */
export function renderAuthorizationMatrix(matrix: Readonly<Record<string, Access>> = AUTHORIZATION_MATRIX): string {
  const header = `| operation | who | ${PROJECT_ROLES.join(' | ')} |`;
  const rule = `| --- | --- | ${PROJECT_ROLES.map(() => ':---:').join(' | ')} |`;
  const rows = Object.keys(matrix)
    .sort((a, b) => a.localeCompare(b, 'en'))
    .map((field) => {
      const access = matrix[field] as Access;
      const cells = PROJECT_ROLES.map((role) => (access.scope === 'project' ? (access.roles.includes(role) ? '✓' : '') : '—'));
      return `| \`${field}\` | ${describe(access)} | ${cells.join(' | ')} |`;
    });
  return [header, rule, ...rows].join('\n');
}

function describe(access: Access): string {
  switch (access.scope) {
    case 'public':
      return 'anyone, no credential';
    case 'authenticated':
      return 'any signed-in caller';
    case 'instance-admin':
      return 'instance admins';
    case 'project':
      return access.instanceAdmins ? 'project members with a ✓ role, and instance admins' : 'project members with a ✓ role';
  }
}

/** `text` with the part between the markers replaced by the rendered matrix. */
export function withRenderedMatrix(text: string, rendered: string = renderAuthorizationMatrix()): string {
  const begin = text.indexOf(MATRIX_BEGIN);
  const end = text.indexOf(MATRIX_END);
  if (begin < 0 || end < begin) throw new Error(`the document has no ${MATRIX_BEGIN} … ${MATRIX_END} section`);
  return `${text.slice(0, begin + MATRIX_BEGIN.length)}\n${rendered}\n${text.slice(end)}`;
}
