import type { EntityManager } from 'typeorm';
import type { StatisticMetric } from '@app/contracts';

/**
 * The SQL of the official monthly statistics (统计数据), with the rows it returns. The table
 * has no entity: entries queue on advisory locks, versions are looked up and written as
 * sets (`unnest` of parallel arrays), and lists mark the current version with a window function.
 */

/** A row of `supervision.official_statistics`, its month as `YYYY-MM`, marked current or not. */
export interface StatisticRow {
  id: string;
  metric: StatisticMetric;
  region_code: string;
  month: string;
  version: number;
  value: string;
  unit: string;
  source: string;
  reason: string | null;
  entered_by: string;
  entered_at: Date;
  current: boolean;
}

/** The latest version of a figure of a region and month. */
interface VersionRow {
  region_code: string;
  metric: string;
  month: string;
  version: number;
}

/** The current version of a figure of a month. */
interface CurrentFigureRow {
  metric: StatisticMetric;
  month: string;
  value: string;
  source: string;
  version: number;
}

type Db = Pick<EntityManager, 'query'>;

const COLUMNS = `id, metric, region_code, to_char(month, 'YYYY-MM') AS month, version, value, unit, source, reason, entered_by, entered_at`;

/** Takes the advisory lock of each key (`region|metric|month`), in order, until the transaction ends. */
export async function lockFigures(manager: EntityManager, keys: string[]): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('official_statistics|' || k)) FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) s`, [keys]);
}

/** The latest version of each figure named by the parallel arrays (months as first days) that has one. */
export function latestVersions(db: Db, regionsOf: string[], metrics: string[], months: string[]): Promise<VersionRow[]> {
  return db.query(
    `SELECT s.region_code, s.metric, to_char(s.month, 'YYYY-MM') AS month, max(s.version)::int AS version
     FROM supervision.official_statistics s
     JOIN unnest($1::text[], $2::text[], $3::date[]) AS k(region_code, metric, month) USING (region_code, metric, month)
     GROUP BY 1, 2, 3`,
    [regionsOf, metrics, months],
  );
}

/** Writes the entries, one per index of the parallel arrays, in one statement; returns them, each current. */
export function insertStatistics(
  db: Db,
  entries: {
    regionsOf: string[];
    metrics: string[];
    months: string[];
    versions: number[];
    values: number[];
    units: string[];
    sources: string[];
    reasons: Array<string | null>;
    enteredBy: string[];
  },
): Promise<StatisticRow[]> {
  return db.query(
    `INSERT INTO supervision.official_statistics (region_code, metric, month, version, value, unit, source, reason, entered_by)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::int[], $5::numeric[], $6::text[], $7::text[], $8::text[], $9::text[])
     RETURNING ${COLUMNS}, true AS current`,
    [entries.regionsOf, entries.metrics, entries.months, entries.versions, entries.values, entries.units, entries.sources, entries.reasons, entries.enteredBy],
  );
}

/** Every version of the region's figures in the months from–to (first days), of one metric when named. */
export function statisticsOf(db: Db, region: string, from: string, to: string, metric: string | null): Promise<StatisticRow[]> {
  return db.query(
    `SELECT ${COLUMNS}, version = max(version) OVER (PARTITION BY metric, month) AS current
     FROM supervision.official_statistics
     WHERE region_code = $1 AND month BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR metric = $4)
     ORDER BY metric, month, version`,
    [region, from, to, metric],
  );
}

/** The current version of each figure of the region in the months from–to (first days). */
export function currentFigures(db: Db, region: string, from: string, to: string): Promise<CurrentFigureRow[]> {
  return db.query(
    `SELECT DISTINCT ON (metric, month) metric, to_char(month, 'YYYY-MM') AS month, value, source, version
     FROM supervision.official_statistics
     WHERE region_code = $1 AND month BETWEEN $2::date AND $3::date
     ORDER BY metric, month, version DESC`,
    [region, from, to],
  );
}
