import { type BacklogGraphReply, expandBacklogGraphReply } from './graph.rpc';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const PAM = '00000000-0000-4000-8000-0000000000aa';
const DEV = '00000000-0000-4000-8000-0000000000bb';

/** Two returned items (a, b) and one open blocker of b that is not returned (c); a blocks b. */
function reply(): BacklogGraphReply {
  return {
    projectKey: 'SHOP',
    vocabulary: {
      tracks: ['PRODUCT', 'DESIGN', 'ENGINEERING', 'DATA'],
      kinds: ['FEATURE', 'BUG'],
      states: ['BACKLOG', 'STARTED', 'FINISHED'],
      linkTypes: ['BLOCKS', 'RELATES_TO'],
      linkTypeOrdersWork: [true, false],
    },
    items: { ids: [A, B, C], numbers: [1, 2, 3] },
    nodes: {
      count: 2,
      titles: ['First', 'Second'],
      tracks: [1, 2],
      kinds: [0, 1],
      states: [1, 0],
      estimates: [null, '5'],
      ownerCounts: [0, 2],
      owners: [1, 0],
      distances: [0, 1],
      blockerCounts: [0, 2],
      blockers: [0, 2],
      transitiveBlockerCounts: [0, 4],
    },
    people: [PAM, DEV],
    edges: { linkIds: ['l1', 'l2'], from: [0, 1], to: [1, 0], types: [0, 1] },
    criticalPath: { items: [0, 1], totalWeight: 6 },
    trackWaits: [{ waitingTrack: 'ENGINEERING', onTrack: 'DESIGN', items: 1 }],
    truncated: true,
  };
}

describe('expandBacklogGraphReply', () => {
  it('turns the columns into the objects of the GraphQL type: keys, owners, blockers (returned or not), readiness, links, the critical path', () => {
    expect(expandBacklogGraphReply(reply())).toEqual({
      nodes: [
        { id: A, key: 'SHOP-1', title: 'First', track: 'DESIGN', kind: 'FEATURE', state: 'STARTED', estimate: null, owners: [], ready: true, directBlockers: [], transitiveBlockerCount: 0, distance: 0 },
        {
          id: B,
          key: 'SHOP-2',
          title: 'Second',
          track: 'ENGINEERING',
          kind: 'BUG',
          state: 'BACKLOG',
          estimate: '5',
          owners: [DEV, PAM],
          ready: false,
          directBlockers: [
            { id: A, key: 'SHOP-1' },
            { id: C, key: 'SHOP-3' },
          ],
          transitiveBlockerCount: 4,
          distance: 1,
        },
      ],
      edges: [
        { linkId: 'l1', fromItemId: A, toItemId: B, type: 'BLOCKS', ordersWork: true },
        { linkId: 'l2', fromItemId: B, toItemId: A, type: 'RELATES_TO', ordersWork: false },
      ],
      criticalPath: {
        items: [
          { id: A, key: 'SHOP-1' },
          { id: B, key: 'SHOP-2' },
        ],
        totalWeight: 6,
      },
      trackWaits: [{ waitingTrack: 'ENGINEERING', onTrack: 'DESIGN', items: 1 }],
      truncated: true,
    });
  });

  it('expands an empty view', () => {
    const empty = reply();
    empty.items = { ids: [], numbers: [] };
    empty.nodes = { count: 0, titles: [], tracks: [], kinds: [], states: [], estimates: [], ownerCounts: [], owners: [], distances: [], blockerCounts: [], blockers: [], transitiveBlockerCounts: [] };
    empty.people = [];
    empty.edges = { linkIds: [], from: [], to: [], types: [] };
    empty.criticalPath = { items: [], totalWeight: 0 };
    empty.trackWaits = [];
    expect(expandBacklogGraphReply(empty)).toEqual({ nodes: [], edges: [], criticalPath: { items: [], totalWeight: 0 }, trackWaits: [], truncated: true });
  });

  it.each<[string, (r: BacklogGraphReply) => void]>([
    ['a node column one short', (r) => r.nodes.titles.pop()],
    ['fewer items than nodes', (r) => (r.items = { ids: [A], numbers: [1] })],
    ['owner counts past the owners', (r) => (r.nodes.ownerCounts = [1, 2])],
    ['an owner outside people', (r) => (r.nodes.owners = [1, 2])],
    ['a blocker outside the items', (r) => (r.nodes.blockers = [0, 3])],
    ['blocker counts short of the blockers', (r) => (r.nodes.blockerCounts = [0, 1])],
    ['a code outside the vocabulary', (r) => (r.nodes.states = [1, 3])],
    ['a link to an item that is not returned', (r) => (r.edges.to = [2, 0])],
    ['a link type outside the vocabulary', (r) => (r.edges.types = [0, 2])],
    ['a link column one short', (r) => r.edges.from.pop()],
    ['link types without their flags', (r) => r.vocabulary.linkTypeOrdersWork.pop()],
    ['a critical path through an item that is not returned', (r) => (r.criticalPath.items = [0, 2])],
  ])('refuses a reply with %s', (_what, breakIt) => {
    const broken = reply();
    breakIt(broken);
    expect(() => expandBacklogGraphReply(broken)).toThrow(/dependency view reply/);
  });
});
