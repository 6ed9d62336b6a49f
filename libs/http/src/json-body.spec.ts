import { jsonDepthExceeds } from './json-body';

describe('jsonDepthExceeds', () => {
  const exceeds = (s: string, max = 3) => jsonDepthExceeds(Buffer.from(s), max);

  it.each([
    ['{}', false],
    ['[[[]]]', false],
    ['[[[[]]]]', true],
    ['{"a":{"b":{"c":1}}}', false],
    ['{"a":{"b":{"c":{"d":1}}}}', true],
    ['[1,[2],[3],[4],[[5]]]', false],
    ['{"s":"[[[[[[[[{{{{"}', false],
    ['{"s":"\\"[[[[[[[["}', false],
    ['{"s":"\\\\"}[[[[', true],
  ])('%s exceeds 3 levels: %s', (json, expected) => {
    expect(exceeds(json)).toBe(expected);
  });

  it('scans a 40,000-deep array without recursion', () => {
    expect(exceeds('['.repeat(40_000) + ']'.repeat(40_000), 32)).toBe(true);
  });
});
