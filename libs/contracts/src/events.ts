import { Principal } from './principal.js';

/**
 * Domain events. Each is published durably (transactional outbox → JetStream stream
 * `EVENTS`, subject `events.<type>`) and consumed by durable consumers that apply an event
 * id once. Producers may add fields; removing or changing one needs a new versioned type.
 */
export const EventTypes = {
  enterpriseRegistered: 'supervision.enterprise.registered',
  licenceRevoked: 'supervision.licence.revoked',
  licenceApplicationChanged: 'supervision.licence-application.changed',
  branchRegistered: 'supervision.branch.registered',
  complaintChanged: 'supervision.complaint.changed',
  outletFiled: 'outlets.outlet.filed',
  outletChanged: 'outlets.outlet.changed',
  outletClosed: 'outlets.outlet.closed',
  outletRejected: 'outlets.outlet.rejected',
  outletUsageReported: 'outlets.usage.reported',
  countsAccepted: 'subsidies.counts.accepted',
  centreRegistered: 'subsidies.centre.registered',
  intakeTallied: 'subsidies.intake.tallied',
  waybillsAccepted: 'subsidies.waybills.accepted',
  claimStatusChanged: 'subsidies.claim.status-changed',
  facilityRegistered: 'cold-chain.facility.registered',
  facilityStatusChanged: 'cold-chain.facility.status-changed',
  facilityReportFiled: 'cold-chain.report.filed',
  majorCountiesSet: 'cold-chain.major-counties.set',
  greenReportSubmitted: 'green.report.submitted',
  greenReportAccepted: 'green.report.accepted',
  greenReportReturned: 'green.report.returned',
  rectificationChanged: 'supervision.rectification.changed',
  keySupervisionEntered: 'supervision.key-supervision.entered',
  keySupervisionExited: 'supervision.key-supervision.exited',
  bulletinPublished: 'supervision.bulletin.published',
  qualityEvaluationPublished: 'supervision.quality-evaluation.published',
} as const;

/** The stream every service publishes its events into, and its subject prefix. */
export const EVENT_STREAM = 'EVENTS';
/** The one service whose NATS user may create and update the stream (deploy/nats/permissions.json streamManager). */
export const EVENT_STREAM_MANAGER = 'supervision';
export const EVENT_SUBJECT_PREFIX = 'events';

export function eventSubject(type: string): string {
  return `${EVENT_SUBJECT_PREFIX}.${type}`;
}

/** What travels on the stream. */
export interface DomainEvent<T = unknown> {
  /** uuid; the JetStream message id (Nats-Msg-Id) and the consumers' dedup key */
  id: string;
  type: string;
  occurredAt: string;
  correlationId: string;
  actor: Principal | null;
  data: T;
}

// Payloads of the events other services build read models from (fields producers must send).

/** `supervision.rectification.changed`: every step of a rectification order (opened, responded, returned, accepted, escalated, closed). */
export interface RectificationChangedEvent {
  rectificationId: string;
  number: string;
  step: string;
  from: string | null;
  to: string;
  subjectType: string;
  subjectId: string;
  enterpriseIds: string[];
  regionCode: string;
  source: string;
  sourceRef: string | null;
  dueDate: string;
  closedOnTime: boolean | null;
}

/** `supervision.bulletin.published`: province staff published a monthly bulletin (月度通报). */
export interface BulletinPublishedEvent {
  bulletinId: string;
  title: string;
  period: string;
  level: string;
  regionCode: string;
  /** region codes, best first */
  ranking: string[];
}

/** `supervision.key-supervision.entered` / `.exited`: an enterprise enters or leaves the key-supervision list. */
export interface KeySupervisionEvent {
  entryId: string;
  enterpriseId: string;
  ruleCode: string;
  reason: string;
}

/** `supervision.quality-evaluation.published`: staff published a quarterly data-quality evaluation. */
export interface QualityEvaluationPublishedEvent {
  evaluationId: string;
  quarter: string;
  regionCode: string;
  threshold: number;
  units: number;
  belowThreshold: number;
}

export interface EnterpriseRegisteredEvent {
  enterpriseId: string;
  name: string;
  uscc: string;
  brand: string;
  licenceValidTo: string;
}

export interface LicenceRevokedEvent {
  enterpriseId: string;
  revokedAt: string;
  reason: string;
  /** how the licence ended (absent in events sent before it was added: a revocation or a cancellation) */
  ending?: 'revoked' | LicenceEnding;
}

/** Ends of a licence other than a revocation, which the daily lapse job announces. */
export type LicenceEnding = 'expired' | 'cancelled';

export interface OutletEvent {
  outletId: string;
  kind: string;
  enterpriseIds: string[];
  /** township (9 digits) or village (12 digits) */
  regionCode: string;
  countyCode: string;
  townshipCode: string;
  status: string;
  receiptNo: string | null;
  /** business date of the filing, change or closure */
  date: string;
}

export interface OutletUsageReportedEvent {
  outletId: string;
  kind: string;
  countyCode: string;
  townshipCode: string;
  date: string;
  parcelsIn: number;
  parcelsCollected: number;
  parcelsDelivered: number;
}

export interface CountsAcceptedEvent {
  centreId: string;
  countyCode: string;
  /** optional: the organisation that runs the centre (supervision keeps its staff off the centre's inspections) */
  orgId?: string;
  /** every accepted row (a correction carries the new figure and its version) */
  rows: Array<{ date: string; brand: string; direction: 'upstream' | 'downstream'; items: number; version: number; previousItems: number }>;
}

export interface WaybillsAcceptedEvent {
  batchId: string;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** accepted waybills grouped by county, date, direction and brand */
  groups: Array<{ countyCode: string; date: string; direction: 'upstream' | 'downstream'; brand: string; count: number }>;
  /**
   * Change of the waybills courier organisations vouch for, per county-day (the subsidies
   * service's COURIER_WAYBILLS, what the cross-match compares with the centres' counts): a
   * courier's stored rows and its duplicates of a number a centre or the admin stored first;
   * −1 where an earlier courier duplicate takes a number over from a later one. Empty for a
   * centre's or the admin's batch. Absent in events from before it was added.
   */
  vouched?: Array<{ countyCode: string; date: string; count: number }>;
  /**
   * A batch with many groups is told in several events so each stays under the stream's
   * message size: part 0 … parts − 1, each with its own groups and `accepted` = the sum of
   * their counts, and its own slice of `vouched`; duplicates and rejected are in part 0 only.
   * Summing over events is exact.
   */
  part?: number;
  parts?: number;
  /** The province that accepted the batch (PROVINCE_CODE of the deployment). Absent in events from before it was added. */
  province?: string;
  /**
   * The waybill numbers the batch stored (upper-cased), at most 15,000 per part (with
   * the groups, a part stays under the stream's 1 MiB message size): the national view
   * (SUPERVISION_SCOPE=national) flags a number accepted by more than one province. Only
   * from a province whose subsidies service has NATIONAL_FEED=true; absent otherwise, and in
   * events from before it was added.
   */
  waybillNos?: string[];
  /**
   * Stored waybills with a pick-up and a delivery time, per county and pick-up day
   * (Asia/Shanghai), and how many met the half-day (≤ 12 h) and next-day (by the end of the
   * day after pick-up) limits (subsidies' delivery-time.rules.ts); sliced over the parts like
   * the groups. Absent when the batch had none, and in events from before it was added.
   */
  deliveryTimes?: Array<{ countyCode: string; date: string; timed: number; halfDay: number; nextDay: number }>;
}

/**
 * `subsidies.centre.registered`: a county logistics centre is registered, and from then on
 * obliged to report its counts (seed 002's 上传率 divides by every obliged party, those that
 * never reported included).
 */
export interface CentreRegisteredEvent {
  centreId: string;
  countyCode: string;
  orgId: string;
  name: string;
  /** business date of the registration (Asia/Shanghai) */
  registeredOn: string;
}

/**
 * `subsidies.intake.tallied`: what one counts upload or waybill chunk brought, by county and
 * business date (a row without a usable date under the day it arrived, a waybill without a
 * county of the province under the province): rows received and rows refused by the schema
 * and code checks, for the access-normal (validity) rate. Places with nothing received are left out.
 */
export interface IntakeTalliedEvent {
  source: 'counts' | 'waybills';
  batchId: string;
  tallies: Array<{ countyCode: string; date: string; received: number; rejected: number }>;
}

export interface ClaimStatusChangedEvent {
  claimId: string;
  programmeId: string;
  year: number;
  countyCode: string;
  from: string;
  to: string;
  items: number;
  amountFen: number;
  avgCeilingFen: number;
}

export interface FacilityEvent {
  facilityId: string;
  kind: string;
  regionCode: string;
  countyCode: string;
  status: string;
  capacityTonnes: number;
  designatedAt: string | null;
  /** business date of the registration or status change */
  date: string;
}

/** `cold-chain.facility.registered`: FacilityEvent plus what a registry read model shows. */
export interface FacilityRegisteredEvent extends FacilityEvent {
  /** `date` is when the registered status took effect; this is the day it was registered */
  registeredOn: string;
  code: string;
  name: string;
  designationLevel: string | null;
  parentId: string | null;
  commodities: string[];
}

/** `cold-chain.facility.status-changed`. */
export interface FacilityStatusChangedEvent extends FacilityEvent {
  previousStatus: string;
  reason: string | null;
}

/**
 * `cold-chain.major-counties.set`: the whole list of major fruit and vegetable counties
 * (果蔬生产大县) a province's cold-chain service keeps, sent when it changes (and once for the
 * list seeded from the plan), so that other services count the same counties.
 */
export interface MajorCountiesSetEvent {
  province: string;
  counties: string[];
}

/** `cold-chain.report.filed`: a monthly operating report (or a correction of one). */
export interface FacilityReportFiledEvent extends FacilityEvent {
  reportId: string;
  month: string;
  version: number;
  throughputTonnes: number;
  avgUtilisationPct: number;
  excursionCount: number;
  longestExcursionMinutes: number;
}

export interface GreenReportEvent {
  reportId: string;
  enterpriseId: string;
  year: number;
  period: string;
  regionCode: string;
  version: number;
  status: string;
  parcels: number;
  eWaybills: number;
  transitBagsTotal: number;
  recyclableTransitBags: number;
  vehiclesTotal: number;
  vehiclesNewEnergy: number;
  co2eKg: number;
}
