import { foldQuery, stopSearchKey } from './stop-search';

describe('stop search keys', () => {
  it.each(['münchweiler', 'Muenchweiler', 'munchweiler', 'GLAN MÜNCHWEILER', 'glan-münchw'])(
    'finds Glan-Münchweiler by "%s"',
    (query) => {
      expect(stopSearchKey('Glan-Münchweiler')).toContain(foldQuery(query));
    },
  );

  it('spells ß out and drops punctuation', () => {
    expect(stopSearchKey('Roßbach (Pfalz)')).toBe('rossbach pfalz');
    expect(foldQuery('Rossbach')).toBe('rossbach');
  });
});
