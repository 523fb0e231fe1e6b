import { DomainError } from '@fulcrum/contracts';
import { ITEM_KINDS, LINK_TYPES, TRACKS, type ItemKind, type LinkType, type Track } from './backlog.vocabulary';
import { assertLinkAllowed, linkTypeRule, ordersWork } from './link-type.catalog';

type End = { id: string; track: Track; kind: ItemKind };

// The endpoint rules, written out independently of the catalog.
const EXPECTED: Record<LinkType, (from: End, to: End) => boolean> = {
  BLOCKS: () => true,
  IMPLEMENTS: (f, t) => f.track === 'ENGINEERING' && (t.track === 'PRODUCT' || t.track === 'DESIGN'),
  INFORMS: (f) => f.track === 'DESIGN' || f.kind === 'RESEARCH',
  INSTRUMENTS: (f) => f.track === 'DATA',
  VALIDATES: (f, t) => (f.kind === 'ANALYSIS' || f.track === 'DATA') && t.kind === 'HYPOTHESIS',
  DUPLICATES: () => true,
  RELATES_TO: () => true,
};

const ENDS: End[] = TRACKS.flatMap((track) => ITEM_KINDS.map((kind) => ({ id: '', track, kind })));

function rejection(fn: () => void): DomainError | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe('link type catalog', () => {
  it('has one entry per type, and only BLOCKS and INSTRUMENTS order work', () => {
    for (const type of LINK_TYPES) {
      expect(linkTypeRule(type).type).toBe(type);
      expect(linkTypeRule(type).description.length).toBeGreaterThan(10);
    }
    expect(LINK_TYPES.filter(ordersWork)).toEqual(['BLOCKS', 'INSTRUMENTS']);
    expect(LINK_TYPES.filter((t) => linkTypeRule(t).ordersWork)).toEqual(['BLOCKS', 'INSTRUMENTS']);
  });

  it.each(LINK_TYPES)('%s: allows exactly the endpoint pairs of its rule, over every track and kind', (type) => {
    let allowed = 0;
    for (const f of ENDS) {
      for (const t of ENDS) {
        const from = { ...f, id: 'from' };
        const to = { ...t, id: 'to' };
        const error = rejection(() => assertLinkAllowed(type, from, to));
        expect([type, f.track, f.kind, t.track, t.kind, error === null]).toEqual([type, f.track, f.kind, t.track, t.kind, EXPECTED[type](from, to)]);
        if (error) expect(error.code).toBe('VALIDATION_FAILED');
        else allowed++;
      }
    }
    expect(allowed).toBeGreaterThan(0);
  });

  it('says which rule a refused link broke, and on which side', () => {
    const implementsFromData = rejection(() =>
      assertLinkAllowed('IMPLEMENTS', { id: 'a', track: 'DATA', kind: 'FEATURE' }, { id: 'b', track: 'PRODUCT', kind: 'FEATURE' }),
    );
    expect(implementsFromData?.message).toBe(
      'An IMPLEMENTS link goes from an item on the ENGINEERING track to an item on the PRODUCT or DESIGN track; its source is a FEATURE on the DATA track.',
    );
    expect(implementsFromData?.details).toEqual({ type: 'IMPLEMENTS', side: 'from', rule: 'on the ENGINEERING track', id: 'a', track: 'DATA', kind: 'FEATURE' });

    const validatesFeature = rejection(() =>
      assertLinkAllowed('VALIDATES', { id: 'a', track: 'DATA', kind: 'ANALYSIS' }, { id: 'b', track: 'PRODUCT', kind: 'FEATURE' }),
    );
    expect(validatesFeature?.details).toMatchObject({ side: 'to', rule: 'of kind HYPOTHESIS', id: 'b' });
    expect(validatesFeature?.message).toBe(
      'A VALIDATES link goes from an item of kind ANALYSIS or on the DATA track to an item of kind HYPOTHESIS; its target is a FEATURE on the PRODUCT track.',
    );
    expect(linkTypeRule('INFORMS').fromRule.description).toBe('on the DESIGN track or of kind RESEARCH');
  });

  it.each(LINK_TYPES)('%s: refuses a self-link even where both endpoint rules hold', (type) => {
    const item: End = { id: 'same', track: 'DATA', kind: 'ANALYSIS' };
    const error = rejection(() => assertLinkAllowed(type, item, { ...item, kind: 'HYPOTHESIS' }));
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.details).toEqual({ type, from: 'same', to: 'same' });
    expect(error?.message).toContain('cannot link to itself');
  });
});
