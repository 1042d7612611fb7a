import type { DataSource, EntityManager } from 'typeorm';
import type { Page, VehicleDto } from '@app/contracts';
import { keysetPage } from '../common/keyset.js';

/**
 * The SQL of the delivery vehicle registry (快递配送车辆), with the rows it returns. The table
 * has no entity: a vehicle is read joined to its enterprise's name with its pass date as
 * text, and a duplicate plate or uniform number is told by the unique constraint it breaks.
 */

/** A row of `supervision.delivery_vehicles`, with its enterprise's name and its pass date as text. */
export interface VehicleRow {
  id: string;
  enterprise_id: string;
  enterprise_name: string;
  plate: string;
  plate_kind: string;
  new_energy: boolean;
  uniform_no: string;
  markings: boolean;
  pass_status: VehicleDto['passStatus'];
  pass_valid_to_text: string | null;
  region_code: string;
  created_at: Date;
}

type Db = Pick<EntityManager, 'query'>;

const SELECT = `(SELECT v.*, e.name AS enterprise_name, to_char(v.pass_valid_to, 'YYYY-MM-DD') AS pass_valid_to_text
  FROM supervision.delivery_vehicles v JOIN supervision.enterprises e ON e.id = v.enterprise_id) AS vehicles`;

export async function insertVehicle(
  db: Db,
  vehicle: {
    enterpriseId: string;
    plate: string;
    plateKind: string | null;
    newEnergy: boolean;
    uniformNo: string;
    markings: boolean;
    passStatus: string;
    passValidTo: string | null;
    regionCode: string;
    registeredBy: string;
    orgId: string | null;
  },
): Promise<{ id: string }> {
  const [row]: Array<{ id: string }> = await db.query(
    `INSERT INTO supervision.delivery_vehicles
       (enterprise_id, plate, plate_kind, new_energy, uniform_no, markings, pass_status, pass_valid_to, region_code, registered_by, org_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      vehicle.enterpriseId,
      vehicle.plate,
      vehicle.plateKind,
      vehicle.newEnergy,
      vehicle.uniformNo,
      vehicle.markings,
      vehicle.passStatus,
      vehicle.passValidTo,
      vehicle.regionCode,
      vehicle.registeredBy,
      vehicle.orgId,
    ],
  );
  return row;
}

/** A page of vehicles, newest first, under the numbered conditions `where`. */
export function listVehicles<T>(
  dataSource: DataSource,
  where: string[],
  params: unknown[],
  query: { limit?: number; cursor?: string },
  map: (r: VehicleRow) => T,
): Promise<Page<T>> {
  return keysetPage(dataSource, SELECT, where, params, query, map);
}

/** The vehicle with this id, which the caller has just written. */
export async function vehicleById(db: Db, id: string): Promise<VehicleRow> {
  const [row]: VehicleRow[] = await db.query(`SELECT * FROM ${SELECT} WHERE id = $1`, [id]);
  return row;
}

export async function enterpriseExists(db: Db, id: string): Promise<boolean> {
  const [found]: unknown[] = await db.query(`SELECT 1 FROM supervision.enterprises WHERE id = $1`, [id]);
  return Boolean(found);
}

/** The id of the enterprise with this credit code, if one is registered. */
export async function enterpriseIdByUscc(db: Db, uscc: string): Promise<string | undefined> {
  const [row]: Array<{ id: string }> = await db.query(`SELECT id FROM supervision.enterprises WHERE uscc = $1`, [uscc]);
  return row?.id;
}
