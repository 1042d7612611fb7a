/**
 * The cold-chain registry's fixed vocabularies (001 §7). Codes are English; every code has
 * the Chinese term the plan and the operators use.
 */

/** Facility kinds of the three-tier network (三级冷链物流网络). */
export const FACILITY_KINDS = [
  'national_backbone_base',
  'provincial_base',
  'origin_consolidation_centre',
  'sales_consolidation_centre',
  'origin_cold_storage',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const FACILITY_KIND_NAMES: Record<FacilityKind, string> = {
  national_backbone_base: '国家骨干冷链物流基地',
  provincial_base: '省级冷链物流仓储基地',
  origin_consolidation_centre: '产地冷链集配中心',
  sales_consolidation_centre: '销地冷链集配中心',
  origin_cold_storage: '农产品产地冷藏保鲜设施',
};

/** Kinds of temperature zone (温区). */
export const ZONE_KINDS = ['frozen', 'chilled', 'controlled_atmosphere', 'constant'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const ZONE_KIND_NAMES: Record<ZoneKind, string> = {
  frozen: '冷冻',
  chilled: '冷藏',
  controlled_atmosphere: '气调',
  constant: '恒温',
};

/** Commodities, covering "南果中粮北肉东药材西干果" and the fresh produce the plan names. */
export const COMMODITIES = ['fruit', 'grain', 'meat', 'medicinal_herbs', 'dried_fruit', 'vegetables', 'dairy', 'aquatic', 'other'] as const;
export type Commodity = (typeof COMMODITIES)[number];

export const COMMODITY_NAMES: Record<Commodity, string> = {
  fruit: '水果',
  grain: '粮食',
  meat: '肉类',
  medicinal_herbs: '中药材',
  dried_fruit: '干果',
  vegetables: '蔬菜',
  dairy: '乳制品',
  aquatic: '水产品',
  other: '其他',
};

/** Life-cycle status of a facility (状态). */
export const FACILITY_STATUSES = ['planned', 'building', 'operating', 'suspended', 'closed'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

export const FACILITY_STATUS_NAMES: Record<FacilityStatus, string> = {
  planned: '规划',
  building: '在建',
  operating: '运营',
  suspended: '停运',
  closed: '关闭',
};

/** Level of the authority that designated a facility (认定级别). */
export const DESIGNATION_LEVELS = ['national', 'provincial', 'city', 'county'] as const;
export type DesignationLevel = (typeof DESIGNATION_LEVELS)[number];

export const DESIGNATION_LEVEL_NAMES: Record<DesignationLevel, string> = {
  national: '国家级',
  provincial: '省级',
  city: '市级',
  county: '县级',
};
