import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  type Commodity,
  type DesignationLevel,
  EventTypes,
  type FacilityKind,
  type FacilityRegisteredEvent,
  type FacilityStatus,
  shanghaiToday,
} from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import type { ZoneFacts } from './facility.rules.js';

/** A facility ready to be stored: checked, with its id chosen and its parent resolved. */
export interface FacilityDraft {
  id: string;
  /** null: the registry assigns CCFnnnnnn */
  code: string | null;
  kind: FacilityKind;
  name: string;
  operator: string;
  operatorUscc: string | null;
  regionCode: string;
  address: string | null;
  location: { lat: number; lng: number };
  capacityTonnes: number;
  volumeCubicMetres: number | null;
  temperatureZones: ZoneFacts[];
  commodities: Commodity[];
  status: FacilityStatus;
  statusDate: string;
  designationLevel: DesignationLevel | null;
  designatedAt: string | null;
  parentId: string | null;
}

/**
 * Stores new facilities in set-based SQL, one statement per table whatever the number of
 * facilities, with their zones, the first row of their status history, one audit record
 * each and one `cold-chain.facility.registered` event each, all in the caller's
 * transaction. The single registration and the bulk import both come through here.
 */
@Injectable()
export class FacilityStore {
  constructor(
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /** `idempotencyKey` marks a single registration, so that a retry of it finds the facility. */
  async insert(
    manager: EntityManager,
    drafts: FacilityDraft[],
    meta: RequestMeta,
    options: { action: string; idempotencyKey?: string },
  ): Promise<Map<string, string>> {
    if (drafts.length === 0) return new Map();
    const actor = meta.principal?.sub ?? 'system';
    const rows: Array<{ id: string; code: string }> = await manager.query(
      `INSERT INTO cold_chain.facilities
         (id, code, kind, name, operator, operator_uscc, region_code, address, lat, lng, capacity_tonnes, volume_m3,
          commodities, status, status_since, designation_level, designated_at, parent_id, created_by, idempotency_key)
       SELECT r.id, COALESCE(r.code, 'CCF' || lpad(nextval('cold_chain.facility_code_seq')::text, 6, '0')), r.kind, r.name,
              r.operator, r.operator_uscc, r.region_code, r.address, r.lat, r.lng, r.capacity_tonnes, r.volume_m3,
              r.commodities, r.status, r.status_since, r.designation_level, r.designated_at, r.parent_id, $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, code text, kind text, name text, operator text, operator_uscc text,
            region_code text, address text, lat numeric, lng numeric, capacity_tonnes numeric, volume_m3 numeric,
            commodities text[], status text, status_since date, designation_level text, designated_at date, parent_id uuid)
       RETURNING id, code`,
      [
        JSON.stringify(
          drafts.map((d) => ({
            id: d.id,
            code: d.code,
            kind: d.kind,
            name: d.name,
            operator: d.operator,
            operator_uscc: d.operatorUscc,
            region_code: d.regionCode,
            address: d.address,
            lat: d.location.lat,
            lng: d.location.lng,
            capacity_tonnes: d.capacityTonnes,
            volume_m3: d.volumeCubicMetres,
            commodities: d.commodities,
            status: d.status,
            status_since: d.statusDate,
            designation_level: d.designationLevel,
            designated_at: d.designatedAt,
            parent_id: d.parentId,
          })),
        ),
        actor,
        options.idempotencyKey ?? null,
      ],
    );
    const codes = new Map(rows.map((r) => [r.id, r.code]));
    await this.insertZones(
      manager,
      drafts.map((d) => ({ facilityId: d.id, zones: d.temperatureZones })),
    );
    await manager.query(
      `INSERT INTO cold_chain.status_history (facility_id, from_status, to_status, effective_date, reason, recorded_by)
       SELECT h.facility_id, NULL, h.status, h.date, $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS h(facility_id uuid, status text, date date)`,
      [JSON.stringify(drafts.map((d) => ({ facility_id: d.id, status: d.status, date: d.statusDate }))), 'registered', actor],
    );
    await this.audit.recordMany(
      manager,
      drafts.map((d) => ({ action: options.action, objectType: 'facility', objectId: d.id, after: { ...d, code: codes.get(d.id) } })),
      meta,
    );
    const registeredOn = shanghaiToday();
    await this.outbox.addMany<FacilityRegisteredEvent>(
      manager,
      EventTypes.facilityRegistered,
      drafts.map((d) => ({
        facilityId: d.id,
        kind: d.kind,
        regionCode: d.regionCode,
        countyCode: d.regionCode.slice(0, 6),
        status: d.status,
        capacityTonnes: d.capacityTonnes,
        designatedAt: d.designatedAt,
        date: d.statusDate,
        registeredOn,
        code: codes.get(d.id) as string,
        name: d.name,
        designationLevel: d.designationLevel,
        parentId: d.parentId,
        commodities: d.commodities,
      })),
      meta,
    );
    return codes;
  }

  async insertZones(manager: EntityManager, sets: Array<{ facilityId: string; zones: ZoneFacts[] }>): Promise<void> {
    const rows = sets.flatMap((s) =>
      s.zones.map((z) => ({
        facility_id: s.facilityId,
        zone: z.zone,
        min_c: z.minC,
        max_c: z.maxC,
        capacity_tonnes: z.capacityTonnes,
        oxygen_pct: z.oxygenPct ?? null,
        co2_pct: z.carbonDioxidePct ?? null,
      })),
    );
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO cold_chain.temperature_zones (facility_id, zone, min_c, max_c, capacity_tonnes, oxygen_pct, co2_pct)
       SELECT z.facility_id, z.zone, z.min_c, z.max_c, z.capacity_tonnes, z.oxygen_pct, z.co2_pct
       FROM jsonb_to_recordset($1::jsonb) AS z(facility_id uuid, zone text, min_c numeric, max_c numeric,
            capacity_tonnes numeric, oxygen_pct numeric, co2_pct numeric)`,
      [JSON.stringify(rows)],
    );
  }
}
