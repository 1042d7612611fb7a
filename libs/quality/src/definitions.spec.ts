import { readFileSync } from 'node:fs';
import {
  crossMatch,
  hasUploaded,
  isOnTime,
  onTimeDeadline,
  QUALITY_INDICATOR_KEYS,
  QUALITY_INDICATORS,
  QUALITY_PARAMETERS,
  rate,
  uploadRate,
} from './definitions.js';

describe('data-quality definitions (seed 002)', () => {
  it('quotes seed 002’s annex (copied verbatim in data/) word for word for every indicator that cites it, and names the one it does not', () => {
    const seed = readFileSync(new URL('../data/seed-002-annex.txt', import.meta.url), 'utf8');
    for (const key of QUALITY_INDICATOR_KEYS) {
      const d = QUALITY_INDICATORS[key];
      expect(d.key).toBe(key);
      expect(d.numerator.length).toBeGreaterThan(0);
      expect(d.denominator.length).toBeGreaterThan(0);
      for (const p of d.parameters) expect(QUALITY_PARAMETERS[p]).toEqual(expect.any(Number));
      if (d.seed) expect(seed).toContain(d.seed.quote);
    }
    expect(QUALITY_INDICATORS.onTimeRate.seed).toBeNull();
    expect(QUALITY_INDICATORS.onTimeRate.nameZh).toContain('本平台');
    expect(seed).not.toContain('及时率');
  });

  describe('upload rate per obliged party', () => {
    it('no reports at all: every obliged party is 0 % uploaded and the region rate is 0, not null', () => {
      const r = uploadRate(
        [
          { id: 'a', uploadedDays: 0 },
          { id: 'b', uploadedDays: 0 },
        ],
        30,
      );
      expect(r).toEqual({
        rate: 0,
        numerator: 0,
        denominator: 2,
        perParty: [
          { id: 'a', rate: 0, uploaded: false },
          { id: 'b', rate: 0, uploaded: false },
        ],
      });
    });
    it('a party that never reported stays in the denominator', () => {
      const r = uploadRate(
        [
          { id: 'a', uploadedDays: 30 },
          { id: 'never', uploadedDays: 0 },
        ],
        30,
      );
      expect(r.rate).toBe(0.5);
      expect(r.perParty.find((p) => p.id === 'never')).toEqual({ id: 'never', rate: 0, uploaded: false });
    });
    it('no obliged party: nothing to measure (null)', () => {
      expect(uploadRate([], 30).rate).toBeNull();
    });
    it('one missing day means not uploaded at the default share; a lower share is data', () => {
      expect(hasUploaded(29, 30)).toBe(false);
      expect(hasUploaded(30, 30)).toBe(true);
      expect(hasUploaded(27, 30, 0.9)).toBe(true);
      expect(hasUploaded(0, 0)).toBe(false);
    });
  });

  describe('on time (this platform’s own indicator)', () => {
    it('the deadline is 10:00 of the next day in Asia/Shanghai', () => {
      expect(new Date(onTimeDeadline('2024-05-01')).toISOString()).toBe('2024-05-02T02:00:00.000Z');
    });
    it('a late upload: one second after the deadline is late, the deadline itself is on time', () => {
      expect(isOnTime('2024-05-01', '2024-05-02T02:00:00.000Z')).toBe(true);
      expect(isOnTime('2024-05-01', '2024-05-02T02:00:01.000Z')).toBe(false);
      expect(isOnTime('2024-05-01', '2024-05-01T15:59:59.000Z')).toBe(true);
    });
    it('the hour is a parameter: 24 is the end of the next day', () => {
      expect(isOnTime('2024-05-01', '2024-05-02T15:00:00.000Z', 24)).toBe(true);
      expect(isOnTime('2024-05-01', '2024-05-02T16:00:01.000Z', 24)).toBe(false);
    });
  });

  describe('two-way cross-match', () => {
    it('counts without waybills are a mismatch (not left out)', () => {
      expect(crossMatch(120, null)).toBe(false);
      expect(crossMatch(120, 0)).toBe(false);
    });
    it('waybills without counts are a mismatch', () => {
      expect(crossMatch(null, 80)).toBe(false);
    });
    it('neither side: not compared', () => {
      expect(crossMatch(null, null)).toBeNull();
      expect(crossMatch(null, 0)).toBeNull();
    });
    it('a reported zero with no waybills matches', () => {
      expect(crossMatch(0, null)).toBe(true);
    });
    it('within the tolerance of the larger side, edges included', () => {
      expect(crossMatch(100, 95)).toBe(true);
      expect(crossMatch(95, 100)).toBe(true);
      expect(crossMatch(100, 94)).toBe(false);
      expect(crossMatch(100, 91, 0.1)).toBe(true);
    });
  });

  it('rate rounds to 4 places and is null without a denominator', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
  });
});
