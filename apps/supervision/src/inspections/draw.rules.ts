import seedrandom from 'seedrandom';

export interface Candidate {
  id: string;
  regionCode: string;
  weight: number;
  /** organisations the target belongs to (`org:<id>`, `uscc:<code>`, `centre-county:<code>`) */
  keys: string[];
}

export interface PoolInspector {
  id: string;
  /** region the inspector may inspect: a target qualifies when its region lies inside it */
  regionCode: string;
  /** organisations the inspector belongs to, in the same key space as the targets' */
  keys: string[];
}

export interface DrawnTarget {
  targetId: string;
  inspectorIds: string[];
}

export const DRAW_ALGORITHM =
  'seedrandom ARC4 seeded with the published seed; candidates sorted by id, each gets u from the generator and the key ln(u) ÷ weight, ' +
  'the `count` highest keys are drawn in key order (Efraimidis–Spirakis weighted sampling without replacement; weight 1 = equal chances); ' +
  'for each drawn target in order, the eligible inspectors (their region contains the target’s, and they share no organisation with it) ' +
  'sorted by id are shuffled by a partial Fisher–Yates with the same generator and the first `inspectorsPerTarget` taken';

export class InsufficientInspectors extends Error {
  constructor(
    readonly targetId: string,
    readonly eligible: number,
  ) {
    super(`target ${targetId} has ${eligible} eligible inspectors`);
  }
}

/** The conflict rule: an inspector never inspects an organisation they belong to. */
export function conflicts(inspector: PoolInspector, target: Candidate): boolean {
  return inspector.keys.some((k) => target.keys.includes(k));
}

function eligible(inspector: PoolInspector, target: Candidate): boolean {
  return target.regionCode.startsWith(inspector.regionCode) && !conflicts(inspector, target);
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * 双随机: draws `count` targets and `perTarget` inspectors for each, reproducibly from `seed`
 * (see DRAW_ALGORITHM). The same seed and the same candidate and inspector lists give the
 * same draw, whatever order the lists come in.
 */
export function draw(seed: string, candidates: Candidate[], pool: PoolInspector[], count: number, perTarget: number): DrawnTarget[] {
  const rng = seedrandom(seed);
  const keyed = [...candidates].sort(byId).map((c) => ({ c, key: Math.log(rng() || Number.MIN_VALUE) / c.weight }));
  keyed.sort((a, b) => b.key - a.key || byId(a.c, b.c));
  const inspectors = [...pool].sort(byId);
  return keyed.slice(0, count).map(({ c }) => {
    const choices = inspectors.filter((i) => eligible(i, c));
    if (choices.length < perTarget) throw new InsufficientInspectors(c.id, choices.length);
    for (let i = 0; i < perTarget; i++) {
      const j = i + Math.floor(rng() * (choices.length - i));
      [choices[i], choices[j]] = [choices[j], choices[i]];
    }
    return { targetId: c.id, inspectorIds: choices.slice(0, perTarget).map((i) => i.id) };
  });
}
