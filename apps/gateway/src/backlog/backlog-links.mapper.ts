import { type BacklogGraphReply, type BacklogItemLinkDto, type BacklogLinkChangeReply, type BacklogLinkDto, type ListBacklogLinksReply, expandBacklogGraphReply } from '@fulcrum/contracts';
import { toDateOrNull } from './backlog-items.mapper';
import type { BacklogGraph, BacklogItemLink, BacklogItemLinks, BacklogLink, BacklogLinkChange } from './backlog-links.model';

export function toBacklogLink(l: BacklogLinkDto): BacklogLink {
  return {
    id: l.id,
    projectId: l.projectId,
    fromItemId: l.fromItemId,
    toItemId: l.toItemId,
    type: l.type,
    ordersWork: l.ordersWork,
    createdAt: new Date(l.createdAt),
    createdBy: l.createdBy,
    removedAt: toDateOrNull(l.removedAt),
    removedBy: l.removedBy,
  };
}

export function toBacklogLinkChange(r: BacklogLinkChangeReply): BacklogLinkChange {
  return { link: toBacklogLink(r.link), fromItemVersion: r.fromItemVersion };
}

function toItemLink(l: BacklogItemLinkDto): BacklogItemLink {
  const { id, key, title, track, kind, state } = l.other;
  return { link: toBacklogLink(l.link), other: { id, key, title, track, kind, state } };
}

export function toBacklogItemLinks(r: ListBacklogLinksReply): BacklogItemLinks {
  return { outgoing: r.outgoing.map(toItemLink), incoming: r.incoming.map(toItemLink) };
}

/** The reply's columns (`backlog.graph.get.v1`) as the GraphQL type's objects. */
export function toBacklogGraph(reply: BacklogGraphReply): BacklogGraph {
  const r = expandBacklogGraphReply(reply);
  return {
    nodes: r.nodes.map((n) => ({
      id: n.id,
      key: n.key,
      title: n.title,
      track: n.track,
      kind: n.kind,
      state: n.state,
      estimate: n.estimate,
      owners: n.owners,
      ready: n.ready,
      directBlockers: n.directBlockers,
      transitiveBlockerCount: n.transitiveBlockerCount,
      distance: n.distance,
    })),
    edges: r.edges,
    criticalPath: r.criticalPath,
    trackWaits: r.trackWaits,
    truncated: r.truncated,
  };
}
