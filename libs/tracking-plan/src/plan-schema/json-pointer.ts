/**
 * JSON Pointers (RFC 6901) into an event's properties: `/cart/total`, `/a~1b` for the name `a/b`,
 * `/a~0b` for `a~b`. The empty pointer `''` is the properties object itself.
 */

/** One property name as a pointer segment (`~` → `~0`, `/` → `~1`). */
export function escapePointerSegment(name: string): string {
  if (!name.includes('~') && !name.includes('/')) return name;
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The property names a pointer goes through, or `undefined` when it is not a pointer: it must be
 * empty or start with `/`, and `~` may only be followed by `0` or `1`.
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const segments = pointer.slice(1).split('/');
  for (const segment of segments) {
    if (/~(?![01])/.test(segment)) return undefined;
  }
  return segments.map((segment) => (segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment));
}

/** `child` equals `ancestor` or lies below it (`/a/b` is below `/a`, `/ab` is not). */
export function isAtOrBelow(child: string, ancestor: string): boolean {
  if (ancestor === '') return true;
  return child === ancestor || (child.length > ancestor.length && child.startsWith(ancestor) && child.charCodeAt(ancestor.length) === 47 /* '/' */);
}
