import { type SchemaNode, isSchemaNode, resolveLocalRef, subschemasOf } from '../plan-schema/schema.walker';

/** One alternative of an `anyOf`/`oneOf` (or the one schema of `contains`), read from the plan. */
export interface CompositeBranch {
  /** The JSON types it admits (`type`, through a top-level `$ref`), `null` when it names none. */
  types: readonly string[] | null;
  /** The values it admits (`const`, `enum`), `null` when it does not list them. */
  values: readonly unknown[] | null;
  /** Every schema object that validating against it may visit (nested subschemas, local `$ref`s). */
  reach: ReadonlySet<object>;
}

export interface Composite {
  branches: readonly CompositeBranch[];
}

export type CompositeKeyword = 'anyOf' | 'oneOf' | 'contains';

/**
 * The `anyOf`, `oneOf` and `contains` keywords of a compiled schema, by the schema object that holds
 * them (what ajv hands back as an error's `parentSchema`). Built once per compiled definition; it
 * lets the checker tell the errors of an alternative that did not match (noise: the event never had
 * to satisfy it) from the errors that matter.
 */
export class CompositeIndex {
  private readonly byNode = new Map<object, Partial<Record<CompositeKeyword, Composite>>>();

  constructor(private readonly root: unknown) {
    const seen = new Set<object>();
    const visit = (node: unknown): void => {
      if (!isSchemaNode(node) || seen.has(node)) return;
      seen.add(node);
      for (const keyword of ['anyOf', 'oneOf'] as const) {
        const list = node[keyword];
        if (Array.isArray(list)) this.add(node, keyword, list);
      }
      if (node['contains'] !== undefined) this.add(node, 'contains', [node['contains']]);
      for (const sub of subschemasOf(node)) visit(sub.schema);
    };
    visit(root);
  }

  get(node: unknown, keyword: CompositeKeyword): Composite | undefined {
    return typeof node === 'object' && node !== null ? this.byNode.get(node)?.[keyword] : undefined;
  }

  get isEmpty(): boolean {
    return this.byNode.size === 0;
  }

  private add(node: SchemaNode, keyword: CompositeKeyword, list: readonly unknown[]): void {
    const branches = list.map((branch) => this.branchOf(branch));
    const entry = this.byNode.get(node) ?? {};
    entry[keyword] = { branches };
    this.byNode.set(node, entry);
  }

  private branchOf(schema: unknown): CompositeBranch {
    if (schema === false) return { types: [], values: null, reach: new Set() }; // admits nothing
    const target = this.followRefs(schema);
    const node = isSchemaNode(target) ? target : undefined;
    const type = node?.['type'];
    const types = typeof type === 'string' ? [type] : Array.isArray(type) ? (type as string[]) : null;
    const values = node === undefined ? null : node['const'] !== undefined ? [node['const']] : Array.isArray(node['enum']) ? (node['enum'] as unknown[]) : null;
    return { types, values, reach: this.reachOf(schema) };
  }

  /** A schema that is nothing but a `$ref` (possibly with annotations) stands for its target. */
  private followRefs(schema: unknown): unknown {
    let node = schema;
    for (let hops = 0; hops < 32 && isSchemaNode(node) && typeof node['$ref'] === 'string' && node['type'] === undefined; hops++) {
      node = resolveLocalRef(this.root, node['$ref']);
    }
    return node;
  }

  private reachOf(schema: unknown): Set<object> {
    const reach = new Set<object>();
    const stack: unknown[] = [schema];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!isSchemaNode(node) || reach.has(node)) continue;
      reach.add(node);
      if (typeof node['$ref'] === 'string') stack.push(resolveLocalRef(this.root, node['$ref']));
      for (const sub of subschemasOf(node)) stack.push(sub.schema);
    }
    return reach;
  }
}
