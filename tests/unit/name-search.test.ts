import { describe, expect, it } from 'vitest';
import { foldSearchTerm, nameIndexKey, nameIndexKeys, nameTokens } from '#shared/domain/name-search';

describe('the name index keys', () => {
  it('give both spellings of an umlaut one key, so a word takes one name slot', () => {
    expect(nameIndexKeys('Jürgen', 'Müller')).toEqual(['jurgen', 'muller']);
    expect(nameIndexKeys('Özgür', 'Weiß')).toEqual(['ozgur', 'weiss']);
    expect(nameIndexKeys('Anna Maria', 'von der Heide')).toEqual(['anna', 'maria', 'von', 'der', 'heide']);
    expect(nameIndexKeys(undefined, 'X')).toEqual([]);
  });

  it('keep a query word a prefix of the key of every spelling it is a prefix of', () => {
    const names = ['Jürgen', 'Müller', 'Mueller', 'Öztürk', 'Rafael', 'Manuel', 'Aeneas', 'Uexküll', 'Bauer', 'Queen', 'Joe'];
    for (const name of names) {
      for (const spelling of nameTokens(name)) {
        for (let length = 2; length <= spelling.length; length += 1) {
          const query = foldSearchTerm(spelling.slice(0, length));
          expect(nameIndexKey(spelling).startsWith(nameIndexKey(query)), `${query} in ${spelling}`).toBe(true);
        }
      }
    }
  });
});
