import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  COMMODITIES,
  COMMODITY_NAMES,
  type ColdChainReferenceDto,
  DESIGNATION_LEVEL_NAMES,
  DESIGNATION_LEVELS,
  FACILITY_KIND_NAMES,
  FACILITY_KINDS,
  FACILITY_STATUS_NAMES,
  FACILITY_STATUSES,
  Subjects,
  ZONE_KIND_NAMES,
  ZONE_KINDS,
} from '@app/contracts';
import { PROVINCE_BOUNDS } from '@app/regions';
import { GAS_RULES, KIND_RULES, REGISTRATION_STATUSES, STATUS_TRANSITIONS, ZONE_RULES } from '../facilities/facility.rules.js';
import { IMPORT_COLUMNS } from '../facilities/facility.table.js';

/** The rule tables exactly as the service applies them. */
function referenceTables(): ColdChainReferenceDto {
  return {
    kinds: FACILITY_KINDS.map((kind) => ({
      kind,
      name: FACILITY_KIND_NAMES[kind],
      tier: KIND_RULES[kind].tier,
      allowedParents: [...KIND_RULES[kind].allowedParents],
      designationLevel: KIND_RULES[kind].designationLevel,
    })),
    zones: ZONE_KINDS.map((zone) => ({ zone, name: ZONE_KIND_NAMES[zone], ...ZONE_RULES[zone] })),
    gasControl: { oxygenPct: [...GAS_RULES.oxygenPct], carbonDioxidePct: [...GAS_RULES.carbonDioxidePct], basis: GAS_RULES.basis },
    statuses: FACILITY_STATUSES.map((status) => ({
      status,
      name: FACILITY_STATUS_NAMES[status],
      atRegistration: REGISTRATION_STATUSES.includes(status),
      next: [...STATUS_TRANSITIONS[status]],
    })),
    commodities: COMMODITIES.map((code) => ({ code, name: COMMODITY_NAMES[code] })),
    designationLevels: DESIGNATION_LEVELS.map((code) => ({ code, name: DESIGNATION_LEVEL_NAMES[code] })),
    shanxiBounds: { ...PROVINCE_BOUNDS },
    importColumns: [...IMPORT_COLUMNS],
  };
}

@Controller()
export class ReferenceController {
  @MessagePattern(Subjects.coldChain.referenceGet)
  get(): ColdChainReferenceDto {
    return referenceTables();
  }
}
