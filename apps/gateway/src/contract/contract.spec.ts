import { patternMaxLength } from './contract.js';

describe('patternMaxLength', () => {
  it('gives the longest match of the bounded patterns the DTOs use', () => {
    expect(patternMaxLength('^14(\\d{2}|\\d{4}|\\d{7}|\\d{10})?$')).toBe(12);
    expect(patternMaxLength('^[A-Z][A-Z0-9_]{1,19}$')).toBe(20);
    expect(patternMaxLength('^[a-zA-Z0-9_.-]{3,64}$')).toBe(64);
    expect(patternMaxLength('^(?!CCF)[A-Za-z0-9-]{2,32}$')).toBe(32);
    expect(patternMaxLength('^14\\d{4}$')).toBe(6);
    expect(patternMaxLength('^(?:ab|c)?x$')).toBe(3);
  });

  it('is Infinity for unbounded or unanchored patterns', () => {
    expect(patternMaxLength('^a+$')).toBe(Infinity);
    expect(patternMaxLength('^a{2,}$')).toBe(Infinity);
    expect(patternMaxLength('^(a|b*)$')).toBe(Infinity);
    expect(patternMaxLength('abc')).toBe(Infinity);
  });
});
