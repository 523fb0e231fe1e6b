/**
 * The project a project-scoped field acts on: its `projectId` argument, or `input.projectId` for
 * fields that take one input object. Undefined when the field names none (a matrix row of scope
 * `project` on such a field is a programming error the matrix test catches).
 */
export function projectIdOfArgs(args: Readonly<Record<string, unknown>>): string | undefined {
  const direct = args['projectId'];
  if (typeof direct === 'string') return direct;
  const input = args['input'];
  if (typeof input === 'object' && input !== null) {
    const nested = (input as Record<string, unknown>)['projectId'];
    if (typeof nested === 'string') return nested;
  }
  return undefined;
}
