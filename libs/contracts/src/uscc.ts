/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a
 * 31-character alphabet (digits and capitals without I, O, S, V, Z); characters 3–8 are the
 * registering authority's administrative division code; the 18th is a check character:
 * C18 = 31 − (Σ Ci × Wi mod 31), with Wi = 3^(i−1) mod 31, and 31 written as 0.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check];
}

/** Why `code` is not a valid credit code, or null when it is. */
export function usccProblem(code: string): string | null {
  if (typeof code !== 'string' || code.length !== 18) return 'must be 18 characters';
  for (const ch of code) {
    if (!ALPHABET.includes(ch)) return `character '${ch}' is not allowed (digits and capitals without I, O, S, V, Z)`;
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'characters 3–8 must be the administrative division code';
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return `check character is wrong (expected ${expected})`;
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}
