import {
  type ColdChainErrorCode,
  type DesignationLevel,
  type FacilityKind,
  type FacilityStatus,
  FACILITY_KIND_NAMES,
  type ZoneKind,
  ZONE_KIND_NAMES,
} from '@app/contracts';
import { PROVINCE_BOUNDS, regions, withinProvince, type Point } from '@app/regions';

/**
 * The registry's rules, as pure functions over plain data. Each returns the violations it
 * finds (empty when the input is fine); the service turns them into a 422 problem whose
 * code is the first violation's and whose `errors` list every one of them.
 */
export interface RuleViolation {
  code: ColdChainErrorCode;
  field: string;
  message: string;
}

/**
 * The three-tier network of 001 §7: the national backbone base (晋中) at the core (tier 1),
 * provincial warehousing bases and production/sales consolidation centres under it
 * (tier 2 and 3), and origin cold storage at the production end under an origin
 * consolidation centre (tier 4). A parent always sits on a lower tier number than its
 * child, so a tree that obeys the kind rule cannot close a cycle; the service checks for
 * cycles anyway before the kind rule, so that the error names the real problem.
 * A facility may be registered without a parent (its place not known yet); only the
 * national backbone base may never have one.
 */
export const KIND_RULES: Record<FacilityKind, { tier: number; allowedParents: readonly FacilityKind[]; designationLevel: DesignationLevel | null }> = {
  national_backbone_base: { tier: 1, allowedParents: [], designationLevel: 'national' },
  provincial_base: { tier: 2, allowedParents: ['national_backbone_base'], designationLevel: 'provincial' },
  origin_consolidation_centre: { tier: 3, allowedParents: ['national_backbone_base', 'provincial_base'], designationLevel: null },
  sales_consolidation_centre: { tier: 3, allowedParents: ['national_backbone_base', 'provincial_base'], designationLevel: null },
  origin_cold_storage: { tier: 4, allowedParents: ['origin_consolidation_centre'], designationLevel: null },
};

/**
 * Allowed set-point ranges per zone kind, °C. A zone's [minC, maxC] must lie inside its
 * kind's range. Basis: frozen goods are kept at -18 °C or colder, the threshold Chinese
 * cold-chain practice uses for frozen food; the floor of -60 °C is where ultra-low
 * temperature stores (tuna) end. Chilled (冷藏) keeps fresh produce, meat and dairy above
 * freezing and at most 8 °C. Controlled-atmosphere (气调) stores for apples, pears and other
 * fruit run near 0 °C (-1 to 5 °C) and also control oxygen and carbon dioxide. Constant
 * temperature (恒温) stores for medicinal herbs, dried fruit and grain hold 10–25 °C.
 */
export const ZONE_RULES: Record<ZoneKind, { minC: number; maxC: number; gasControl: boolean; basis: string }> = {
  frozen: {
    minC: -60,
    maxC: -18,
    gasControl: false,
    basis: 'frozen goods are kept at -18 °C or colder; -60 °C is the floor of ultra-low-temperature stores',
  },
  chilled: { minC: 0, maxC: 8, gasControl: false, basis: 'chilled storage of fresh produce, meat and dairy: above freezing, at most 8 °C' },
  controlled_atmosphere: {
    minC: -1,
    maxC: 5,
    gasControl: true,
    basis: 'controlled-atmosphere fruit stores (apples, pears) run near 0 °C with lowered oxygen and raised carbon dioxide',
  },
  constant: { minC: 10, maxC: 25, gasControl: false, basis: 'constant-temperature stores for medicinal herbs, dried fruit and grain: 10–25 °C' },
};

/** Gas set points of a controlled-atmosphere zone, % by volume (air has 21 % O2 and 0.04 % CO2). */
export const GAS_RULES = {
  oxygenPct: [0.5, 10] as const,
  carbonDioxidePct: [0, 10] as const,
  basis:
    'controlled-atmosphere storage lowers oxygen well below the 21 % of air (typically 1–3 %) and raises carbon dioxide (typically 1–5 %); outside 0.5–10 % O2 or above 10 % CO2 it is not CA storage or harms the fruit',
};

/**
 * Status transitions. A facility is planned, then built, then operates; it may be suspended
 * (construction halted or operation stopped) and resume; closed is final. A facility is
 * registered in any status but closed.
 */
export const STATUS_TRANSITIONS: Record<FacilityStatus, readonly FacilityStatus[]> = {
  planned: ['building', 'closed'],
  building: ['operating', 'suspended', 'closed'],
  operating: ['suspended', 'closed'],
  suspended: ['building', 'operating', 'closed'],
  closed: [],
};
export const REGISTRATION_STATUSES: readonly FacilityStatus[] = ['planned', 'building', 'operating', 'suspended'];

/** "an origin_cold_storage (农产品产地冷藏保鲜设施)" */
export function aKind(kind: FacilityKind): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} (${FACILITY_KIND_NAMES[kind]})`;
}

/** Tonnes compared in integer hundredths, so 0.1 + 0.2 adds up. */
const hundredths = (tonnes: number) => Math.round(tonnes * 100);

export interface ZoneFacts {
  zone: ZoneKind;
  minC: number;
  maxC: number;
  capacityTonnes: number;
  oxygenPct?: number | null;
  carbonDioxidePct?: number | null;
}

export function zoneViolations(zones: ZoneFacts[], capacityTonnes: number, field = 'temperatureZones'): RuleViolation[] {
  const out: RuleViolation[] = [];
  const seen = new Set<ZoneKind>();
  zones.forEach((z, i) => {
    const at = `${field}.${i}`;
    const rule = ZONE_RULES[z.zone];
    const name = `${z.zone} (${ZONE_KIND_NAMES[z.zone]})`;
    if (seen.has(z.zone)) {
      out.push({ code: 'DUPLICATE_ZONE', field: `${at}.zone`, message: `zone ${z.zone} is listed twice; list each kind once with its total capacity` });
    }
    seen.add(z.zone);
    if (z.minC > z.maxC) {
      out.push({ code: 'TEMPERATURE_RANGE', field: `${at}.minC`, message: `minC ${z.minC} °C is above maxC ${z.maxC} °C` });
    }
    if (z.maxC > rule.maxC) {
      out.push({
        code: 'TEMPERATURE_RANGE',
        field: `${at}.maxC`,
        message: `a ${name} zone must be at most ${rule.maxC} °C; maxC ${z.maxC} °C is warmer (${z.zone} runs ${rule.minC}..${rule.maxC} °C)`,
      });
    }
    if (z.minC < rule.minC) {
      out.push({
        code: 'TEMPERATURE_RANGE',
        field: `${at}.minC`,
        message: `a ${name} zone must be at least ${rule.minC} °C; minC ${z.minC} °C is colder (${z.zone} runs ${rule.minC}..${rule.maxC} °C)`,
      });
    }
    out.push(...gasViolations(z, at));
  });
  const total = zones.reduce((sum, z) => sum + hundredths(z.capacityTonnes), 0);
  if (total > hundredths(capacityTonnes)) {
    out.push({
      code: 'ZONE_CAPACITY',
      field,
      message: `zone capacities add up to ${total / 100} t, more than the facility's capacity of ${capacityTonnes} t`,
    });
  }
  return out;
}

function gasViolations(z: ZoneFacts, at: string): RuleViolation[] {
  const has = (v: number | null | undefined): v is number => v !== undefined && v !== null;
  if (!ZONE_RULES[z.zone].gasControl) {
    return has(z.oxygenPct) || has(z.carbonDioxidePct)
      ? [{ code: 'GAS_CONTROL', field: `${at}.oxygenPct`, message: `only a controlled_atmosphere zone has gas set points; ${z.zone} has none` }]
      : [];
  }
  const out: RuleViolation[] = [];
  const check = (value: number | null | undefined, key: 'oxygenPct' | 'carbonDioxidePct', gas: string) => {
    const [lo, hi] = GAS_RULES[key];
    if (!has(value))
      out.push({ code: 'GAS_CONTROL', field: `${at}.${key}`, message: `a controlled_atmosphere zone needs its ${gas} set point (${lo}–${hi} %)` });
    else if (value < lo || value > hi)
      out.push({ code: 'GAS_CONTROL', field: `${at}.${key}`, message: `${gas} ${value} % is outside ${lo}–${hi} % for controlled-atmosphere storage` });
  };
  check(z.oxygenPct, 'oxygenPct', 'oxygen');
  check(z.carbonDioxidePct, 'carbonDioxidePct', 'carbon dioxide');
  return out;
}

export function locationViolations(location: Point, field = 'location'): RuleViolation[] {
  const b = PROVINCE_BOUNDS;
  if (!withinProvince(location)) {
    return [
      {
        code: 'OUTSIDE_SHANXI',
        field,
        message: `location ${location.lat}, ${location.lng} is outside the province ${regions().province} (latitude ${b.minLat}–${b.maxLat}, longitude ${b.minLng}–${b.maxLng})`,
      },
    ];
  }
  return [];
}

/** The region must be a real Shanxi county, township or village. */
export function regionViolations(code: string, field = 'regionCode'): RuleViolation[] {
  const region = regions().get(code);
  if (!region) return [{ code: 'UNKNOWN_REGION', field, message: `region ${code} is not a division of the province` }];
  if (region.level !== 'county' && region.level !== 'township' && region.level !== 'village') {
    return [{ code: 'UNKNOWN_REGION', field, message: `region ${code} (${region.name}) is a ${region.level}; give the county or a place below it` }];
  }
  return [];
}

/**
 * The designation level to keep: the one sent, or, for a kind that fixes it (a provincial
 * base is designated by the province), the kind's own when only `designatedAt` is sent.
 */
export function designationLevelOf(kind: FacilityKind, level: DesignationLevel | null | undefined, date: string | null | undefined): DesignationLevel | null {
  if (level !== null && level !== undefined) return level;
  return date !== null && date !== undefined ? KIND_RULES[kind].designationLevel : null;
}

export function designationViolations(
  kind: FacilityKind,
  sentLevel: DesignationLevel | null | undefined,
  date: string | null | undefined,
  today: string,
): RuleViolation[] {
  const level = designationLevelOf(kind, sentLevel, date);
  const hasLevel = level !== null && level !== undefined;
  const hasDate = date !== null && date !== undefined;
  if (hasLevel !== hasDate) {
    return [
      {
        code: 'DESIGNATION_INCOMPLETE',
        field: hasLevel ? 'designatedAt' : 'designationLevel',
        message: 'a designation has both a level and a date',
      },
    ];
  }
  const out: RuleViolation[] = [];
  const fixed = KIND_RULES[kind].designationLevel;
  if (hasLevel && fixed && level !== fixed) {
    out.push({
      code: 'DESIGNATION_LEVEL',
      field: 'designationLevel',
      message: `${aKind(kind)} is designated at ${fixed} level, not ${level}`,
    });
  }
  if (hasDate && date > today) {
    out.push({ code: 'DATE_IN_FUTURE', field: 'designatedAt', message: `designation date ${date} is in the future` });
  }
  return out;
}

export function registrationStatusViolations(status: FacilityStatus, date: string, today: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!REGISTRATION_STATUSES.includes(status)) {
    out.push({ code: 'STATUS_AT_REGISTRATION', field: 'status', message: `a facility is registered as ${REGISTRATION_STATUSES.join(', ')}; not ${status}` });
  }
  if (date > today) out.push({ code: 'DATE_IN_FUTURE', field: 'statusDate', message: `status date ${date} is in the future` });
  return out;
}

export interface ParentFacts {
  id: string;
  kind: FacilityKind;
  status: FacilityStatus;
  name: string;
}

/**
 * Where a facility may hang in the tier tree. `parentAncestorIds` are the proposed parent's
 * ancestors; `childId` is the facility's own id (absent for a new facility).
 */
export function parentViolations(
  child: { id?: string; kind: FacilityKind },
  parent: ParentFacts | null,
  parentAncestorIds: readonly string[],
  field = 'parentId',
): RuleViolation[] {
  const rule = KIND_RULES[child.kind];
  if (!parent) return [];
  if (child.id && (parent.id === child.id || parentAncestorIds.includes(child.id))) {
    return [{ code: 'TIER_CYCLE', field, message: `${parent.name} lies below this facility in the tier tree; making it the parent would close a cycle` }];
  }
  if (rule.allowedParents.length === 0) {
    return [{ code: 'TIER_RULE', field, message: `${aKind(child.kind)} is the root of the tier tree and has no parent` }];
  }
  if (!rule.allowedParents.includes(parent.kind)) {
    return [
      {
        code: 'TIER_RULE',
        field,
        message: `${aKind(child.kind)} hangs under ${rule.allowedParents.join(' or ')}, not under ${aKind(parent.kind)}`,
      },
    ];
  }
  if (parent.status === 'closed') {
    return [{ code: 'PARENT_CLOSED', field, message: `parent ${parent.name} is closed` }];
  }
  return [];
}

export function statusChangeViolations(
  current: { status: FacilityStatus; since: string },
  next: { status: FacilityStatus; date: string },
  today: string,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  const allowed = STATUS_TRANSITIONS[current.status];
  if (next.status === current.status) {
    out.push({ code: 'STATUS_UNCHANGED', field: 'status', message: `the facility is already ${current.status}` });
  } else if (!allowed.includes(next.status)) {
    out.push({
      code: 'STATUS_TRANSITION',
      field: 'status',
      message:
        allowed.length === 0
          ? `a ${current.status} facility cannot change status`
          : `a ${current.status} facility goes to ${allowed.join(', ')}; not ${next.status}`,
    });
  }
  if (next.date < current.since) {
    out.push({ code: 'STATUS_DATE', field: 'date', message: `date ${next.date} is before the last status change on ${current.since}` });
  }
  if (next.date > today) out.push({ code: 'DATE_IN_FUTURE', field: 'date', message: `date ${next.date} is in the future` });
  return out;
}

/** What the rules need of a facility's own data (the create body, an import row, a merged update). */
export interface FacilityFacts {
  kind: FacilityKind;
  regionCode: string;
  location: { lat: number; lng: number };
  capacityTonnes: number;
  temperatureZones: ZoneFacts[];
  designationLevel?: DesignationLevel | null;
  designatedAt?: string | null;
}

/** Every rule on a facility's own data (not its parent, status or uniqueness). */
export function facilityViolations(f: FacilityFacts, today: string): RuleViolation[] {
  return [
    ...regionViolations(f.regionCode),
    ...locationViolations(f.location),
    ...zoneViolations(f.temperatureZones, f.capacityTonnes),
    ...designationViolations(f.kind, f.designationLevel, f.designatedAt, today),
  ];
}
