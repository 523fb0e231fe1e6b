import { resolve } from 'node:path';

/**
 * Public reference data committed with the tests (copied from the team's shared datasets so a
 * clean clone is self-contained): UCI Adult (adult.data) and German Credit (german.data), CC BY 4.0,
 * with the README holding the independently computed figures the tests compare against.
 */
export const FAIRNESS_DATASETS_DIR = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'datasets', 'fairness');
