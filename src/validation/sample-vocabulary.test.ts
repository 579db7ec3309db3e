import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { dateOrProblemOfText } from './dates.ts';
import { nameProblem, occupationMatcher, parseGender } from './fields.ts';
import { BAD_DATES, BAD_GENDERS, BAD_NAMES, INELIGIBLE, OCCUPATIONS } from './sample-vocabulary.ts';

describe('sample vocabulary', () => {
  it('draws the same numbers for a seed, in [0, 1), and others for another seed', () => {
    const draw = (seed: number) => {
      const rand = seededRandom(seed);
      return Array.from({ length: 1000 }, () => rand());
    };
    const a = draw(11);
    expect(draw(11)).toEqual(a);
    expect(draw(12)).not.toEqual(a);
    for (const x of a) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('injects only values the row rules refuse, and draws only eligible occupations for clean rows', () => {
    for (const date of BAD_DATES) expect(typeof dateOrProblemOfText(date), date).toBe('string');
    for (const gender of BAD_GENDERS) expect(parseGender(gender), gender).toBeUndefined();
    for (const name of BAD_NAMES) expect(nameProblem(name), name).toBeDefined();
    const excluded = occupationMatcher(['PNS', 'ASN', 'PPPK', 'TNI', 'POLRI']);
    for (const occupation of INELIGIBLE) expect(excluded.excludedGroup(occupation), occupation).toBeDefined();
    for (const [occupation] of OCCUPATIONS)
      expect(excluded.excludedGroup(occupation), occupation).toBeUndefined();
  });
});
