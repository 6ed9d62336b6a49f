function fold(name: string, umlaut: (ch: 'ä' | 'ö' | 'ü') => string): string {
  return name
    .toLowerCase()
    .replace(/[äöü]/g, (ch) => umlaut(ch as 'ä' | 'ö' | 'ü'))
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Folds a search query: lower case, umlauts spelled out, accents and punctuation dropped. */
export function foldQuery(query: string): string {
  return fold(query, (ch) => ({ ä: 'ae', ö: 'oe', ü: 'ue' })[ch]);
}

/**
 * The key a stop is found by. It holds both spellings of umlauts, so "Glan-Münchweiler" is found
 * by "münchweiler", "muenchweiler" and "munchweiler" alike (riders on a phone keyboard do all three).
 */
export function stopSearchKey(name: string): string {
  const spelled = foldQuery(name);
  const plain = fold(name, (ch) => ({ ä: 'a', ö: 'o', ü: 'u' })[ch]);
  return spelled === plain ? spelled : `${spelled} | ${plain}`;
}
