import { isValidUscc, usccCheckChar, usccProblem } from './uscc.js';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes with a correct check character', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('911100001000079554')).toBe(true);
  });

  it('computes the check character, writing 31 as 0', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91110000100007955')).toBe('4');
  });

  it('refuses a wrong check character and says which one is expected', () => {
    expect(usccProblem('91350100M000100Y44')).toBe('check character is wrong (expected 3)');
  });

  it('refuses the letters the standard leaves out, wrong lengths and a non-numeric division code', () => {
    expect(usccProblem('91350100M000100I43')).toMatch(/not allowed/);
    expect(usccProblem('91350100M000100Y4')).toBe('must be 18 characters');
    expect(usccProblem('9135A100M000100Y43')).toMatch(/division code/);
  });
});
