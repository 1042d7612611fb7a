import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  DIRECTIONS,
  DomainError,
  type DuplicateKind,
  type DuplicateWaybillDto,
  EventTypes,
  type Principal,
  PROVINCE,
  Role,
  shanghaiToday,
  type WaybillChunkRequest,
  type WaybillChunkResponse,
  type WaybillsAcceptedEvent,
  LongRequests,
} from '@app/contracts';
import { copyFrom, setLocalStatementTimeout, statementTimeoutFor } from '@app/database';
import { AuditTrail, Outbox } from '@app/events';
import { caller, type RequestMeta, rowsIngested } from '@app/messaging';
import { regions } from '@app/regions';
import { SupervisionClient } from '@app/supervision-client';
import { places, recordTallies, talliedEvent, type Tally } from '../intake.js';
import { summariseMonths } from '../quality/county-days.js';
import { SubsidiesConfig } from '../subsidies.definition.js';
import { vouchedByDuplicates } from './courier-waybills.js';
import { checkWaybills, claimRecords, type WaybillColumns, waybillCopyColumns, waybillRecords } from './waybills.rules.js';
import { type DeliveryDay, deliveryDays } from './delivery-time.rules.js';

type StoredResult = Omit<WaybillChunkResponse, 'replayed'>;
type Group = WaybillsAcceptedEvent['groups'][number];

/** Groups per WaybillsAccepted event: about 100 bytes each keeps an event far under JetStream's 1 MB. */
const GROUPS_PER_EVENT = 2000;
/** Stored waybill numbers per event (NATIONAL_FEED, for the national view): at most 33 bytes each in JSON, about 500 kB. */
const WAYBILL_NOS_PER_EVENT = 15_000;

/**
 * The waybill hot path. One chunk = one batch = one transaction: the batch row claims the
 * client's Idempotency-Key (per principal), one set-based statement claims the numbers in
 * `waybill_numbers` (its conflicts are the province-wide duplicates), the rows that got theirs
 * are streamed into the monthly partitions of `waybills` with COPY, and the batch's result, per-county tallies, one audit record
 * and one WaybillsAccepted event are written in the same transaction. A retried chunk under
 * the same key returns the stored result and writes nothing.
 */
@Injectable()
export class WaybillsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly supervision: SupervisionClient,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly config: SubsidiesConfig,
  ) {}

  async ingestChunk(chunk: WaybillChunkRequest, meta: RequestMeta): Promise<WaybillChunkResponse> {
    const p = caller(meta);
    const brands = await this.supervision.brandCodes(meta);
    const divisions = regions();
    const today = shanghaiToday();
    const checked = checkWaybills(chunk, {
      brands,
      today,
      now: Date.now(),
      ownCounty: p.role === Role.CountyCentre ? p.regionCode : null,
      ownBrands: p.role === Role.Courier ? new Set(chunk.ownBrands ?? []) : null,
      isCounty: (code) => divisions.has(code, 'county'),
      isVillageOf: (village, county) => village.startsWith(county) && divisions.has(village, 'village'),
    });
    const hash = contentHash(chunk);
    const batchId = randomUUID();
    const stored = await this.dataSource.transaction(async (manager): Promise<WaybillChunkResponse> => {
      // the gateway waits LongRequests.waybillChunkFactor request timeouts for a chunk
      await setLocalStatementTimeout(manager, statementTimeoutFor(this.config.NATS_REQUEST_TIMEOUT_MS * LongRequests.waybillChunkFactor));
      const replay = await this.claimBatch(manager, batchId, p, meta.idempotencyKey, hash, chunk);
      if (replay) return { ...replay, replayed: true };
      const { rows, rejected, requestDuplicates } = checked;
      const provinceDuplicates = await this.insertRows(manager, batchId, rows);
      const duplicates: DuplicateWaybillDto[] = [
        ...provinceDuplicates.map((at) => ({ index: rows.index[at], waybillNo: rows.waybillNo[at], kind: 'province' as const })),
        ...requestDuplicates.map((d) => ({ index: d.index, waybillNo: d.waybillNo, kind: 'request' as const, firstIndex: rows.index[d.firstAt] })),
      ].sort((a, b) => a.index - b.index);
      await this.recordDuplicates(
        manager,
        batchId,
        'request',
        rows,
        requestDuplicates.map((d) => d.firstAt),
      );

      const groups = acceptedGroups(rows, provinceDuplicates);
      const tallies = new Map<string, Tally>();
      const tally = (place: string) => {
        let t = tallies.get(place);
        if (!t) tallies.set(place, (t = { received: 0, accepted: 0, duplicates: 0, rejected: 0, vouched: 0 }));
        return t;
      };
      // only couriers vouch for waybills (COURIER_WAYBILLS): their stored rows, and their
      // duplicates of a number a centre or the admin stored first
      const courier = p.role === Role.Courier;
      for (const g of groups) {
        const t = tally(`${g.countyCode}|${g.date}`);
        t.received += g.count;
        t.accepted += g.count;
        if (courier) t.vouched += g.count;
      }
      if (courier) {
        for (const c of await vouchedByDuplicates(
          manager,
          batchId,
          provinceDuplicates.map((at) => rows.waybillNo[at]),
        )) {
          tally(`${c.countyCode}|${c.date}`).vouched += c.change;
        }
      }
      for (const at of [...provinceDuplicates, ...requestDuplicates.map((d) => d.firstAt)]) {
        const t = tally(`${rows.countyCode[at]}|${rows.date[at]}`);
        t.received++;
        t.duplicates++;
      }
      for (const [place, n] of checked.rejectedByPlace) {
        const t = tally(place);
        t.received += n;
        t.rejected += n;
      }
      const accepted = rows.index.length - provinceDuplicates.length;
      const result: StoredResult = { batchId, accepted, duplicates, rejected };
      await manager.query(`UPDATE subsidies.waybill_batches SET received = $2, accepted = $3, duplicates = $4, rejected = $5, result = $6 WHERE id = $1`, [
        batchId,
        chunk.index.length,
        accepted,
        duplicates.length,
        rejected.length,
        JSON.stringify(result),
      ]);
      await recordTallies(manager, 'waybills', batchId, tallies);
      const deliveries =
        rows.pickedUpAt && rows.deliveredAt ? deliveryDays({ ...rows, pickedUpAt: rows.pickedUpAt, deliveredAt: rows.deliveredAt }, provinceDuplicates) : [];
      await recordDeliveryDays(manager, deliveries);
      await this.outbox.add(manager, EventTypes.intakeTallied, talliedEvent('waybills', batchId, tallies), meta);
      await summariseMonths(manager, places(tallies), this.config.CROSS_MATCH_TOLERANCE);
      const summary = {
        part: chunk.part,
        parts: chunk.parts,
        received: chunk.index.length,
        accepted,
        duplicates: duplicates.length,
        rejected: rejected.length,
      };
      await this.audit.record(manager, { action: 'waybills.ingested', objectType: 'waybill_batch', objectId: batchId, after: summary }, meta);
      const vouched = [...tallies]
        .filter(([, t]) => t.vouched !== 0)
        .map(([place, t]) => ({ countyCode: place.split('|')[0], date: place.split('|')[1], count: t.vouched }));
      // only a province that feeds a national view tells its numbers (NATIONAL_FEED)
      const numbers = this.config.NATIONAL_FEED === 'true' ? storedNumbers(rows, provinceDuplicates) : null;
      const parts = Math.max(
        1,
        Math.ceil(groups.length / GROUPS_PER_EVENT),
        Math.ceil(vouched.length / GROUPS_PER_EVENT),
        Math.ceil((numbers?.length ?? 0) / WAYBILL_NOS_PER_EVENT),
        Math.ceil(deliveries.length / GROUPS_PER_EVENT),
      );
      for (let part = 0; part < parts; part++) {
        const slice = groups.slice(part * GROUPS_PER_EVENT, (part + 1) * GROUPS_PER_EVENT);
        await this.outbox.add<WaybillsAcceptedEvent>(
          manager,
          EventTypes.waybillsAccepted,
          {
            batchId,
            accepted: slice.reduce((a, g) => a + g.count, 0),
            duplicates: part === 0 ? duplicates.length : 0,
            rejected: part === 0 ? rejected.length : 0,
            groups: slice,
            vouched: vouched.slice(part * GROUPS_PER_EVENT, (part + 1) * GROUPS_PER_EVENT),
            part,
            parts,
            province: PROVINCE,
            ...(numbers ? { waybillNos: numbers.slice(part * WAYBILL_NOS_PER_EVENT, (part + 1) * WAYBILL_NOS_PER_EVENT) } : {}),
            ...(deliveries.length > 0 ? { deliveryTimes: deliveries.slice(part * GROUPS_PER_EVENT, (part + 1) * GROUPS_PER_EVENT) } : {}),
          },
          meta,
        );
      }
      return { ...result, replayed: false };
    });
    if (!stored.replayed) rowsIngested.inc({ kind: 'waybills' }, stored.accepted);
    return stored;
  }

  /**
   * Writes the batch row. With an Idempotency-Key the row claims (principal, key, part):
   * when another transaction holds it, this waits for it; once it is committed, its stored
   * result is returned when the request is the same, and the chunk is refused (422) when the
   * key was used for another request (checked against every part, whatever the split).
   */
  private async claimBatch(
    manager: EntityManager,
    batchId: string,
    p: Principal,
    key: string | undefined,
    hash: string,
    chunk: WaybillChunkRequest,
  ): Promise<StoredResult | null> {
    const reused = () => DomainError.rule('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${key} was used for other waybills; use a new key for new content`);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO subsidies.waybill_batches (id, actor, org_id, role, idempotency_key, request_hash, content_hash, part, parts)
       VALUES ($1, $2, $3, $9, $4, $5, $6, $7, $8)
       ON CONFLICT (actor, idempotency_key, part) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [batchId, p.sub, p.orgId, key ?? null, chunk.requestHash, hash, chunk.part, chunk.parts, p.role],
    );
    if (inserted.length > 0) {
      if (key) {
        const other: unknown[] = await manager.query(
          `SELECT 1 FROM subsidies.waybill_batches WHERE actor = $1 AND idempotency_key = $2 AND request_hash <> $3 LIMIT 1`,
          [p.sub, key, chunk.requestHash],
        );
        if (other.length > 0) throw reused();
      }
      return null;
    }
    const [prior]: Array<{ request_hash: string; content_hash: string; result: StoredResult | null }> = await manager.query(
      `SELECT request_hash, content_hash, result FROM subsidies.waybill_batches WHERE actor = $1 AND idempotency_key = $2 AND part = $3`,
      [p.sub, key, chunk.part],
    );
    // a batch stored before contentHash took positions instead of columns carries the older fingerprint
    if (!prior?.result || prior.request_hash !== chunk.requestHash || (prior.content_hash !== hash && prior.content_hash !== columnsHash(chunk)))
      throw reused();
    return prior.result;
  }

  /**
   * Stores the rows whose number is still free in the province; returns the positions of those
   * whose number was taken (province duplicates). The chunk's numbers are copied into a staging
   * table (a temporary table of the session, emptied at commit), then one statement claims them
   * in `waybill_numbers` (`INSERT … ON CONFLICT DO NOTHING`, in number order: batches sharing a
   * number wait for each other and cannot deadlock) and answers the positions it could not
   * claim; the rows that got their number are streamed into the monthly partitions with COPY,
   * as a bulk load writes them; the duplicates are recorded. COPY into the staging table costs
   * the database about a fifth less than reading the numbers from array parameters.
   */
  private async insertRows(manager: EntityManager, batchId: string, rows: WaybillColumns): Promise<number[]> {
    if (rows.index.length === 0) return [];
    await manager.query(`CREATE TEMP TABLE IF NOT EXISTS waybill_claims (at int NOT NULL, waybill_no text NOT NULL, date date NOT NULL) ON COMMIT DELETE ROWS`);
    await copyFrom(manager, 'COPY pg_temp.waybill_claims (at, waybill_no, date) FROM STDIN WITH (FORMAT binary)', claimRecords(rows));
    const taken: Array<{ at: number }> = await manager.query(
      `WITH claimed AS (
         INSERT INTO subsidies.waybill_numbers (waybill_no, date)
         SELECT waybill_no, date FROM pg_temp.waybill_claims ORDER BY waybill_no COLLATE "C"
         ON CONFLICT (waybill_no) DO NOTHING
         RETURNING waybill_no
       )
       SELECT at FROM pg_temp.waybill_claims i WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.waybill_no = i.waybill_no) ORDER BY at`,
    );
    const duplicateAt = taken.map((r) => r.at);
    await copyFrom(
      manager,
      `COPY subsidies.waybills (${waybillCopyColumns(rows)}) FROM STDIN WITH (FORMAT binary)`,
      waybillRecords(batchId, rows, duplicateAt),
    );
    await this.recordDuplicates(manager, batchId, 'province', rows, duplicateAt);
    return duplicateAt;
  }

  private async recordDuplicates(manager: EntityManager, batchId: string, kind: DuplicateKind, rows: WaybillColumns, at: number[]): Promise<void> {
    if (at.length === 0) return;
    await manager.query(
      `INSERT INTO subsidies.waybill_duplicates (batch_id, waybill_no, kind, county_code, date, brand, direction)
       SELECT $1, waybill_no, $2, county_code, date, brand, direction
       FROM unnest($3::text[], $4::text[], $5::date[], $6::text[], $7::text[]) AS t(waybill_no, county_code, date, brand, direction)`,
      [
        batchId,
        kind,
        at.map((i) => rows.waybillNo[i]),
        at.map((i) => rows.countyCode[i]),
        at.map((i) => rows.date[i]),
        at.map((i) => rows.brand[i]),
        at.map((i) => rows.direction[i]),
      ],
    );
  }
}

/**
 * The chunk's fingerprint: which part of which request it is, and which rows of that request
 * it holds (their positions). The request's hash (its bytes as received) fixes every row, so
 * the positions fix the chunk's content without hashing its columns again (which cost the
 * subsidies service about 0.35 µs of CPU per row, some 8 % of its work per row).
 */
function contentHash(chunk: WaybillChunkRequest): string {
  return createHash('sha256').update(`${chunk.part}/${chunk.parts}/${chunk.requestHash}/`).update(Int32Array.from(chunk.index)).digest('hex');
}

/** The fingerprint batches were stored with before contentHash: the chunk's columns themselves. */
function columnsHash(chunk: WaybillChunkRequest): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        chunk.part,
        chunk.parts,
        chunk.requestHash,
        chunk.index,
        chunk.waybillNo,
        chunk.brand,
        chunk.date,
        chunk.direction,
        chunk.countyCode,
        chunk.villageCode,
        // chunks without times hash as they did before the time columns existed
        ...(chunk.pickedUpAt || chunk.deliveredAt ? [chunk.pickedUpAt ?? null, chunk.deliveredAt ?? null] : []),
      ]),
    )
    .digest('hex');
}

/**
 * Adds a batch's timed waybills to the per county and pick-up day delivery figures
 * (subsidies.delivery_days), in key order so concurrent batches of the same days wait for
 * each other instead of deadlocking. Nothing is written for a batch without times.
 */
async function recordDeliveryDays(manager: EntityManager, days: DeliveryDay[]): Promise<void> {
  if (days.length === 0) return;
  await manager.query(
    `INSERT INTO subsidies.delivery_days (county_code, date, timed, half_day, next_day)
     SELECT * FROM unnest($1::text[], $2::date[], $3::int[], $4::int[], $5::int[]) ORDER BY 1, 2
     ON CONFLICT (county_code, date) DO UPDATE SET timed = delivery_days.timed + EXCLUDED.timed,
       half_day = delivery_days.half_day + EXCLUDED.half_day, next_day = delivery_days.next_day + EXCLUDED.next_day`,
    [days.map((d) => d.countyCode), days.map((d) => d.date), days.map((d) => d.timed), days.map((d) => d.halfDay), days.map((d) => d.nextDay)],
  );
}

/** The numbers of the rows stored (not duplicates of a number the province holds), for the national view. */
function storedNumbers(rows: WaybillColumns, duplicateAt: number[]): string[] {
  const isDuplicate = new Set(duplicateAt);
  return rows.waybillNo.filter((_, i) => !isDuplicate.has(i));
}

/**
 * Accepted rows (all but the duplicates) counted by county, date, direction and brand. The
 * counties, dates and brands get small numbers in order of appearance (fewer than n, the
 * chunk's rows) and a group's key is computed from them and the direction's place in
 * DIRECTIONS (below 2n³, an exact integer for any chunk): no key string is built per row,
 * which cost about twice as much.
 */
function acceptedGroups(rows: WaybillColumns, duplicateAt: number[]): Group[] {
  const n = rows.index.length;
  const isDuplicate = new Uint8Array(n);
  for (const at of duplicateAt) isDuplicate[at] = 1;
  const counties = new Map<string, number>();
  const dates = new Map<string, number>();
  const brands = new Map<string, number>();
  const numberOf = (values: Map<string, number>, value: string) => {
    let number = values.get(value);
    if (number === undefined) values.set(value, (number = values.size));
    return number;
  };
  const groups = new Map<number, Group>();
  for (let i = 0; i < n; i++) {
    if (isDuplicate[i]) continue;
    const direction = rows.direction[i] as Group['direction'];
    const key =
      ((numberOf(counties, rows.countyCode[i]) * n + numberOf(dates, rows.date[i])) * DIRECTIONS.length + DIRECTIONS.indexOf(direction)) * n +
      numberOf(brands, rows.brand[i]);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { countyCode: rows.countyCode[i], date: rows.date[i], direction, brand: rows.brand[i], count: 1 });
  }
  return [...groups.values()];
}
