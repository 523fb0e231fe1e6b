import { BACKLOG_ESTIMATE_SCALES, BACKLOG_ITEM_KINDS, BACKLOG_ITEM_STATES, BACKLOG_LINK_TYPES, BACKLOG_TRACKS } from '@fulcrum/contracts';
import { ESTIMATE_SCALES, ITEM_KINDS, ITEM_STATES, LINK_TYPES, TRACKS } from '../domain/backlog.vocabulary';
import { ordersWork } from '../domain/link-type.catalog';
import { ORDERING_LINK_TYPES } from '../links/ordering-link.types';
import { defaultEstimateScale } from '../tracks/default-estimate-scale';

/** The contracts copy the domain's vocabularies (contracts import nothing from apps): they must agree. */
describe('backlog vocabulary on the wire', () => {
  it.each([
    ['tracks', TRACKS, BACKLOG_TRACKS],
    ['kinds', ITEM_KINDS, BACKLOG_ITEM_KINDS],
    ['states', ITEM_STATES, BACKLOG_ITEM_STATES],
    ['link types', LINK_TYPES, BACKLOG_LINK_TYPES],
    ['estimate scales', ESTIMATE_SCALES, BACKLOG_ESTIMATE_SCALES],
  ])('%s agree', (_what, domain, wire) => {
    expect([...wire]).toEqual([...domain]);
  });

  it('BLOCKS and INSTRUMENTS are the ordering links; each track has its default scale', () => {
    expect(ORDERING_LINK_TYPES).toEqual(['BLOCKS', 'INSTRUMENTS']);
    expect(LINK_TYPES.filter(ordersWork)).toEqual(ORDERING_LINK_TYPES);
    expect(TRACKS.map(defaultEstimateScale)).toEqual(['FIBONACCI', 'NONE', 'FIBONACCI', 'NONE']);
  });
});
