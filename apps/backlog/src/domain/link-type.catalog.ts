import { DomainError } from '@fulcrum/contracts';
import type { ItemKind, LinkType, Track } from './backlog.vocabulary';

/** What an endpoint rule looks at: the item's track and kind. */
export interface LinkEndpoint {
  readonly track: Track;
  readonly kind: ItemKind;
}

export interface EndpointRule {
  /** Reads after "an item that is …", e.g. "on the ENGINEERING track". */
  readonly description: string;
  readonly accepts: (endpoint: LinkEndpoint) => boolean;
}

export interface LinkTypeRule {
  readonly type: LinkType;
  /**
   * Whether the link orders work. For every ordering type the edge from → to reads "from must be
   * done before to", so cycle checks and the dependency view need no per-type direction logic.
   */
  readonly ordersWork: boolean;
  readonly description: string;
  readonly fromRule: EndpointRule;
  readonly toRule: EndpointRule;
}

const anyItem: EndpointRule = { description: 'any item', accepts: () => true };
const onTracks = (...tracks: Track[]): EndpointRule => ({
  description: `on the ${tracks.join(' or ')} track`,
  accepts: (e) => tracks.includes(e.track),
});
const either = (a: EndpointRule, b: EndpointRule): EndpointRule => ({
  description: `${a.description} or ${b.description}`,
  accepts: (e) => a.accepts(e) || b.accepts(e),
});
const ofKind = (kind: ItemKind): EndpointRule => ({ description: `of kind ${kind}`, accepts: (e) => e.kind === kind });

const CATALOG: { readonly [T in LinkType]: LinkTypeRule } = {
  BLOCKS: {
    type: 'BLOCKS',
    ordersWork: true,
    description: 'A BLOCKS B: B cannot start until A is done.',
    fromRule: anyItem,
    toRule: anyItem,
  },
  IMPLEMENTS: {
    type: 'IMPLEMENTS',
    ordersWork: false,
    description: 'An engineering item implements a product or design item.',
    fromRule: onTracks('ENGINEERING'),
    toRule: onTracks('PRODUCT', 'DESIGN'),
  },
  INFORMS: {
    type: 'INFORMS',
    ordersWork: false,
    description: 'Design work or research informs another item.',
    fromRule: either(onTracks('DESIGN'), ofKind('RESEARCH')),
    toRule: anyItem,
  },
  INSTRUMENTS: {
    type: 'INSTRUMENTS',
    ordersWork: true,
    // A release without its instrumentation cannot be measured, so the release waits for it.
    description: "A INSTRUMENTS B: data item A measures B's effect; B's release waits for A.",
    fromRule: onTracks('DATA'),
    toRule: anyItem,
  },
  VALIDATES: {
    type: 'VALIDATES',
    ordersWork: false,
    description: 'An analysis or data item validates (or refutes) a hypothesis.',
    fromRule: either(ofKind('ANALYSIS'), onTracks('DATA')),
    toRule: ofKind('HYPOTHESIS'),
  },
  DUPLICATES: {
    type: 'DUPLICATES',
    ordersWork: false,
    description: 'A DUPLICATES B: A describes the same work as B.',
    fromRule: anyItem,
    toRule: anyItem,
  },
  RELATES_TO: {
    type: 'RELATES_TO',
    ordersWork: false,
    description: 'A loose association, for reading only.',
    fromRule: anyItem,
    toRule: anyItem,
  },
};

export function linkTypeRule(type: LinkType): LinkTypeRule {
  return CATALOG[type];
}

export function ordersWork(type: LinkType): boolean {
  return CATALOG[type].ordersWork;
}

type LinkedItem = LinkEndpoint & { readonly id: string };

/**
 * Checks what the two items alone decide: no self-links and each type's endpoint rules.
 * Cross-project, duplicate and cycle checks need the store and live in the service.
 */
export function assertLinkAllowed(type: LinkType, from: LinkedItem, to: LinkedItem): void {
  if (from.id === to.id) {
    throw new DomainError('VALIDATION_FAILED', `An item cannot link to itself (${type}).`, { type, from: from.id, to: to.id });
  }
  const rule = CATALOG[type];
  const sides = [
    ['from', 'source', rule.fromRule, from],
    ['to', 'target', rule.toRule, to],
  ] as const;
  for (const [side, noun, endpointRule, item] of sides) {
    if (endpointRule.accepts(item)) continue;
    throw new DomainError(
      'VALIDATION_FAILED',
      `${/^[AEIOU]/.test(type) ? 'An' : 'A'} ${type} link goes from an item ${rule.fromRule.description} to an item ${rule.toRule.description}; ` +
        `its ${noun} is a ${item.kind} on the ${item.track} track.`,
      { type, side, rule: endpointRule.description, id: item.id, track: item.track, kind: item.kind },
    );
  }
}
