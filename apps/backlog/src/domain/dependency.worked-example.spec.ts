import { analyseDependencies } from './dependency.analysis';

// The worked example of docs/backlog.md, "The dependency view": the numbers there are this test.
describe('dependency view, the worked example of docs/backlog.md', () => {
  const analysis = analyseDependencies(
    [
      { id: 'D', track: 'DESIGN', state: 'STARTED', weight: 3 },
      { id: 'E', track: 'ENGINEERING', state: 'BACKLOG', weight: 5 },
      { id: 'I', track: 'DATA', state: 'BACKLOG', weight: 2 },
      { id: 'P', track: 'PRODUCT', state: 'BACKLOG', weight: 8 },
    ],
    [
      { from: 'D', to: 'E', type: 'BLOCKS' },
      { from: 'I', to: 'P', type: 'INSTRUMENTS' },
      { from: 'E', to: 'P', type: 'BLOCKS' },
      // Not ordering: ignored by readiness, blockers and the critical path.
      { from: 'E', to: 'P', type: 'IMPLEMENTS' },
    ],
  );

  it('says what is ready and what blocks what', () => {
    const node = (id: string) => analysis.nodes.get(id);
    expect(node('D')).toEqual({ id: 'D', ready: true, directBlockers: [], transitiveBlockerCount: 0 });
    expect(node('I')).toEqual({ id: 'I', ready: true, directBlockers: [], transitiveBlockerCount: 0 });
    expect(node('E')).toEqual({ id: 'E', ready: false, directBlockers: ['D'], transitiveBlockerCount: 1 });
    expect(node('P')).toEqual({ id: 'P', ready: false, directBlockers: ['E', 'I'], transitiveBlockerCount: 3 });
  });

  it('finds the critical path D → E → P of weight 16, and the waits between tracks', () => {
    expect([analysis.criticalPath, analysis.criticalPathWeight]).toEqual([['D', 'E', 'P'], 16]);
    expect(analysis.trackWaits).toEqual([
      { waitingTrack: 'PRODUCT', onTrack: 'ENGINEERING', items: 1 },
      { waitingTrack: 'PRODUCT', onTrack: 'DATA', items: 1 },
      { waitingTrack: 'ENGINEERING', onTrack: 'DESIGN', items: 1 },
    ]);
  });

  it('frees the engineering item once the design item is FINISHED', () => {
    const later = analyseDependencies(
      [
        { id: 'D', track: 'DESIGN', state: 'FINISHED', weight: 3 },
        { id: 'E', track: 'ENGINEERING', state: 'BACKLOG', weight: 5 },
        { id: 'P', track: 'PRODUCT', state: 'BACKLOG', weight: 8 },
      ],
      [
        { from: 'D', to: 'E', type: 'BLOCKS' },
        { from: 'E', to: 'P', type: 'BLOCKS' },
      ],
    );
    expect(later.nodes.get('E')).toMatchObject({ ready: true, directBlockers: [] });
    expect([later.criticalPath, later.criticalPathWeight]).toEqual([['E', 'P'], 13]);
  });
});
