import { ESTIMATE_SCALES, ITEM_KINDS, ITEM_STATES, LINK_TYPES, TRACKS, isEstimateScale, isItemKind, isItemState, isLinkType, isTrack } from './backlog.vocabulary';

describe('backlog vocabulary', () => {
  it('lists the issue’s values in order', () => {
    expect(TRACKS).toEqual(['PRODUCT', 'DESIGN', 'ENGINEERING', 'DATA']);
    expect(ITEM_KINDS).toEqual(['FEATURE', 'BUG', 'CHORE', 'SPIKE', 'HYPOTHESIS', 'RESEARCH', 'INSTRUMENTATION', 'ANALYSIS']);
    expect(ITEM_STATES).toEqual(['ICEBOX', 'BACKLOG', 'STARTED', 'FINISHED', 'DELIVERED', 'ACCEPTED', 'REJECTED', 'ARCHIVED']);
    expect(LINK_TYPES).toEqual(['BLOCKS', 'IMPLEMENTS', 'INFORMS', 'INSTRUMENTS', 'VALIDATES', 'DUPLICATES', 'RELATES_TO']);
    expect(ESTIMATE_SCALES).toEqual(['FIBONACCI', 'TSHIRT', 'NONE']);
  });

  it('recognises exactly its own values', () => {
    const guards = [
      [isTrack, TRACKS],
      [isItemKind, ITEM_KINDS],
      [isItemState, ITEM_STATES],
      [isLinkType, LINK_TYPES],
      [isEstimateScale, ESTIMATE_SCALES],
    ] as const;
    for (const [guard, values] of guards) {
      for (const value of values) expect(guard(value)).toBe(true);
      for (const other of ['', 'product', 'DATA ', null, undefined, 3, ['DATA'], 'toString']) expect(guard(other)).toBe(false);
    }
  });
});
