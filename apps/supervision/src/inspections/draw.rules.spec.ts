import { Candidate, conflicts, draw, InsufficientInspectors, PoolInspector } from './draw.rules.js';

const candidates: Candidate[] = Array.from({ length: 20 }, (_, i) => ({
  id: `t${String(i).padStart(2, '0')}`,
  regionCode: i < 10 ? '140821' : '140121',
  weight: 1,
  keys: [`uscc:${i}`],
}));
const pool: PoolInspector[] = [
  { id: 'i1', regionCode: '14', keys: ['org:admin'] },
  { id: 'i2', regionCode: '14', keys: ['org:admin'] },
  { id: 'i3', regionCode: '1408', keys: ['org:yuncheng'] },
  { id: 'i4', regionCode: '14', keys: ['org:courier', 'uscc:0'] },
];

describe('双随机 draw', () => {
  it('gives the same targets and inspectors for the same seed, whatever order the lists come in', () => {
    const a = draw('2025-Q2', candidates, pool, 5, 2);
    const b = draw('2025-Q2', [...candidates].reverse(), [...pool].reverse(), 5, 2);
    expect(b).toEqual(a);
    expect(a).toHaveLength(5);
    expect(new Set(a.map((d) => d.targetId)).size).toBe(5);
    expect(draw('2025-Q3', candidates, pool, 5, 2)).not.toEqual(a);
  });

  it('never gives an inspector a target of their own organisation, nor one outside their region', () => {
    for (let s = 0; s < 50; s++) {
      for (const d of draw(`seed-${s}`, candidates, pool, 20, 2)) {
        if (d.targetId === 't00') expect(d.inspectorIds).not.toContain('i4');
        if (Number(d.targetId.slice(1)) >= 10) expect(d.inspectorIds).not.toContain('i3');
        expect(new Set(d.inspectorIds).size).toBe(2);
      }
    }
    expect(conflicts(pool[3], candidates[0])).toBe(true);
    expect(conflicts(pool[3], candidates[1])).toBe(false);
  });

  it('refuses when a target cannot get enough eligible inspectors', () => {
    expect(() => draw('x', candidates, pool, 20, 4)).toThrow(InsufficientInspectors);
  });

  it('draws heavier-weighted targets more often', () => {
    const weighted = candidates.map((c) => ({ ...c, weight: c.id === 't05' ? 10 : 1 }));
    let heavy = 0;
    let light = 0;
    for (let s = 0; s < 300; s++) {
      const ids = draw(`w-${s}`, weighted, pool, 3, 1).map((d) => d.targetId);
      if (ids.includes('t05')) heavy++;
      if (ids.includes('t06')) light++;
    }
    expect(heavy).toBeGreaterThan(200);
    expect(light).toBeLessThan(100);
  });
});
