const TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', ø: 'oe', å: 'aa' };

function stripMarks(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

/**
 * The spellings under which a name is found, lower-cased: with accents dropped (`Müller` → `muller`)
 * and transliterated the German way (`Müller` → `mueller`). `ß` is `ss` in both, so `Weiß` and `Weiss`
 * meet.
 */
export function nameVariants(value: string): string[] {
  const lower = value.normalize('NFC').toLowerCase().replace(/ß/g, 'ss');
  const stripped = stripMarks(lower);
  const transliterated = stripMarks(lower.replace(/[äöüæøå]/g, (ch) => TRANSLITERATION[ch] ?? ch));
  return [...new Set([stripped, transliterated])];
}

/** How a search term is compared: accents dropped, `ß` as `ss`, lower case. */
export function foldSearchTerm(value: string): string {
  return stripMarks(value.normalize('NFC').toLowerCase().replace(/ß/g, 'ss')).trim();
}

/** Words of a name as they are indexed: every spelling variant of each word of two or more letters. */
export function nameTokens(...parts: Array<string | undefined>): string[] {
  const words = parts
    .filter((part): part is string => Boolean(part))
    .flatMap((part) => part.split(/[^\p{L}\p{N}]+/u))
    .filter((word) => word.length >= 2);
  return [...new Set(words.flatMap((word) => nameVariants(word)))].filter((token) => /^[\p{L}\p{N}]+$/u.test(token));
}

/** Words of a search query, folded; the shortest is what the index is queried by last. */
export function queryTokens(query: string): string[] {
  return [
    ...new Set(
      query
        .split(/[^\p{L}\p{N}]+/u)
        .map(foldSearchTerm)
        .filter((word) => word.length >= 2),
    ),
  ];
}

/** Whether every query word is a prefix of one of the name's words, in any spelling. */
export function matchesAllTokens(tokens: string[], indexed: string[]): boolean {
  return tokens.every((token) => indexed.some((word) => word.startsWith(token)));
}

/**
 * The key a name word is kept under in the profile's name indexes: the word folded once more, every `e`
 * after an `a`, `o` or `u` dropped, so `muller` and `mueller` (the two spellings of `Müller`) share one
 * key and a word needs one index slot, not two. A query word is looked up by its own key: when it is a
 * prefix of a spelling, its key is a prefix of that spelling's key (each letter's fate depends on the
 * letter before it only). The keys find a few more candidates than the search matches (`michal` also
 * finds `Michael`); {@link matchesAllTokens} then keeps exactly the matching ones.
 */
export function nameIndexKey(token: string): string {
  return token.replace(/([aou])e/g, '$1');
}

/** The index keys of a name, in the order of its words (first name before last name), each once. */
export function nameIndexKeys(...parts: Array<string | undefined>): string[] {
  return [...new Set(nameTokens(...parts).map(nameIndexKey))];
}
