import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FAIRNESS_DATASETS_DIR } from '@fulcrum/testing';
import type { DecisionRecord } from './decisions.test-helpers';

// Test-only: turns the UCI datasets (committed under test/fixtures/datasets/fairness, copied from
// the team's shared datasets) into decision rows, with exactly the preprocessing of their README. The "model" outcome is the dataset's label and the
// ground truth is the same label.

export { FAIRNESS_DATASETS_DIR };

export const ADULT_FAVORABLE = '>50K';
export const GERMAN_FAVORABLE = '1';
/** Age group used for both datasets: the German-credit convention (privileged: age > 25). */
export const AGE_OVER_25 = 'over 25';
export const AGE_25_OR_UNDER = '25 or under';
export const NON_WHITE = 'Non-White';

/** adult.data rows occur in January 2024, adult.test rows in February, German credit in March. */
export const ADULT_DATA_START = Date.UTC(2024, 0, 1);
export const ADULT_TEST_START = Date.UTC(2024, 1, 1);
export const GERMAN_START = Date.UTC(2024, 2, 1);

function readLines(file: string): string[] {
  return readFileSync(resolve(FAIRNESS_DATASETS_DIR, file), 'utf8').split(/\r?\n/);
}

/**
 * Adult: join adult.data and adult.test, trim spaces, drop every row containing `?` (and the test
 * file's comment line, blank lines, the label's trailing `.`) → 45,222 rows. Attributes: `sex`
 * (Male/Female), `race` (White vs Non-White, as the README compares), `race_detail` (the raw race),
 * `age_group`, and `age` as a JSON number.
 */
export function loadAdultDecisions(modelVersionId: string): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  const files: Array<[string, number]> = [
    ['adult.data', ADULT_DATA_START],
    ['adult.test', ADULT_TEST_START],
  ];
  for (const [file, start] of files) {
    let kept = 0;
    readLines(file).forEach((line, lineIndex) => {
      if (line.trim() === '' || line.startsWith('|')) return;
      if (line.includes('?')) return;
      const cols = line.split(',').map((c) => c.trim());
      if (cols.length !== 15) throw new Error(`${file}:${lineIndex + 1}: expected 15 columns, got ${cols.length}`);
      const age = Number(cols[0]);
      const race = cols[8];
      const label = cols[14].replace(/\.$/, '');
      if (label !== '>50K' && label !== '<=50K') throw new Error(`${file}:${lineIndex + 1}: unexpected label ${label}`);
      out.push({
        decisionId: `${file}:${lineIndex + 1}`,
        modelVersionId,
        subjectRef: `adult-${file}-${lineIndex + 1}`,
        occurredAt: new Date(start + kept * 1000),
        purpose: 'income-estimate',
        outcome: label,
        groundTruth: label,
        attributes: { sex: cols[9], race: race === 'White' ? 'White' : NON_WHITE, race_detail: race, age_group: age > 25 ? AGE_OVER_25 : AGE_25_OR_UNDER, age },
      });
      kept++;
    });
  }
  return out;
}

const GERMAN_MALE = new Set(['A91', 'A93', 'A94']);
const GERMAN_FEMALE = new Set(['A92', 'A95']);

/**
 * German credit: space separated, 21 columns; column 13 = age, column 9 = personal status and sex
 * (A91/A93/A94 male, A92/A95 female), column 21 = label (1 good = favorable, 2 bad). Attributes:
 * `sex`, `age_group` (age > 25 privileged), `personal_status`.
 */
export function loadGermanDecisions(modelVersionId: string): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  readLines('german.data').forEach((line, lineIndex) => {
    if (line.trim() === '') return;
    const cols = line.trim().split(/\s+/);
    if (cols.length !== 21) throw new Error(`german.data:${lineIndex + 1}: expected 21 columns, got ${cols.length}`);
    const status = cols[8];
    const sex = GERMAN_MALE.has(status) ? 'male' : GERMAN_FEMALE.has(status) ? 'female' : null;
    if (sex === null) throw new Error(`german.data:${lineIndex + 1}: unknown personal status ${status}`);
    const age = Number(cols[12]);
    const label = cols[20];
    if (label !== '1' && label !== '2') throw new Error(`german.data:${lineIndex + 1}: unexpected label ${label}`);
    out.push({
      decisionId: `german.data:${lineIndex + 1}`,
      modelVersionId,
      subjectRef: `german-${lineIndex + 1}`,
      occurredAt: new Date(GERMAN_START + out.length * 1000),
      purpose: 'credit',
      outcome: label,
      groundTruth: label,
      attributes: { sex, age_group: age > 25 ? AGE_OVER_25 : AGE_25_OR_UNDER, personal_status: status },
    });
  });
  return out;
}
