import type { EstimateScale, Track } from '../domain/backlog.vocabulary';

/**
 * A track's scale until the project changes it: product and engineering work is pointed; design
 * and data work often is not, and a scale nobody uses only adds noise to their boards.
 */
const DEFAULTS: { readonly [T in Track]: EstimateScale } = {
  PRODUCT: 'FIBONACCI',
  ENGINEERING: 'FIBONACCI',
  DESIGN: 'NONE',
  DATA: 'NONE',
};

export function defaultEstimateScale(track: Track): EstimateScale {
  return DEFAULTS[track];
}
