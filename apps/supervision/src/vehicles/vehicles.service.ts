import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import {
  DomainError,
  ListVehiclesMessage,
  mayActIn,
  outsideScope,
  Page,
  Principal,
  regionScope,
  RegisterVehicleMessage,
  Role,
  VehicleDto,
} from '@app/contracts';
import { AuditTrail, CreatedOnce } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { enterpriseExists, enterpriseIdByUscc, insertVehicle, listVehicles, vehicleById, type VehicleRow } from './vehicles.queries.js';
import { normalisePlate, plateKind, plateProblem } from './vehicle.rules.js';

/**
 * The delivery vehicle registry (快递配送车辆, seed 001 §30: 统一配备、统一编号和标识管理, 电子通行码):
 * a courier registers its own enterprise's vehicles, staff any enterprise's in their region;
 * each registration is audited. Where an enterprise has no accepted green report for a year,
 * the overview's new-energy share counts its registered vehicles instead.
 */
@Injectable()
export class VehiclesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly once: CreatedOnce,
  ) {}

  async register(input: RegisterVehicleMessage, principal: Principal, meta: RequestMeta): Promise<VehicleDto> {
    const enterpriseId = await this.enterpriseOf(input, principal);
    if (!regions().has(input.regionCode)) {
      throw DomainError.rule('UNKNOWN_REGION', `region ${input.regionCode} is not a division of the province`, [
        { field: 'regionCode', message: `unknown region ${input.regionCode}` },
      ]);
    }
    if (principal.role !== Role.Courier && !mayActIn(principal, input.regionCode)) throw outsideScope(`region ${input.regionCode}`, principal);
    const plate = normalisePlate(input.plate);
    const problem = plateProblem(plate, input.newEnergy);
    if (problem) throw DomainError.rule('INVALID_PLATE', problem, [{ field: 'plate', message: problem }]);
    if ((input.passStatus === 'issued' || input.passStatus === 'expired') && !input.passValidTo) {
      throw DomainError.rule('PASS_DATE_REQUIRED', `a pass that is ${input.passStatus} has a validity date`, [
        { field: 'passValidTo', message: 'required when the pass is issued or expired' },
      ]);
    }
    try {
      const id = await this.dataSource.transaction(async (manager) => {
        const earlier = await this.once.earlier(manager, meta, 'vehicle.registered');
        if (earlier) return earlier;
        const row = await insertVehicle(manager, {
          enterpriseId,
          plate,
          plateKind: plateKind(plate),
          newEnergy: input.newEnergy,
          uniformNo: input.uniformNo,
          markings: input.markings,
          passStatus: input.passStatus,
          passValidTo: input.passValidTo ?? null,
          regionCode: input.regionCode,
          registeredBy: principal.sub,
          orgId: principal.orgId ?? null,
        });
        const dto = await this.read(manager, row.id);
        await this.audit.record(manager, { action: 'vehicle.registered', objectType: 'delivery_vehicle', objectId: row.id, after: dto }, meta);
        await this.once.remember(manager, meta, 'vehicle.registered', row.id);
        return row.id;
      });
      return await this.read(this.dataSource.manager, id);
    } catch (err) {
      const constraint = err instanceof QueryFailedError ? (err.driverError as { constraint?: string }).constraint : undefined;
      if (constraint === 'uq_delivery_vehicles_plate') throw DomainError.conflict('PLATE_REGISTERED', `a vehicle with plate ${plate} is registered already`);
      if (constraint === 'uq_delivery_vehicles_uniform_no') {
        throw DomainError.conflict('DUPLICATE_ENTRY', `the enterprise has a vehicle with uniform number ${input.uniformNo} already`);
      }
      throw err;
    }
  }

  /** A courier sees its own enterprise's vehicles; staff and auditors those based in their region; the admin all. */
  async list(query: ListVehiclesMessage, principal: Principal): Promise<Page<VehicleDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (principal.role === Role.Courier) {
      const own = query.courierUscc ? await this.enterpriseByUscc(query.courierUscc) : undefined;
      if (!own) return { items: [], nextCursor: null };
      where.push(`enterprise_id = $${params.push(own)}`);
    } else {
      where.push(`region_code LIKE $${params.push(`${regionScope(principal)}%`)}`);
    }
    if (query.regionCode) where.push(`region_code LIKE $${params.push(`${query.regionCode}%`)}`);
    if (query.enterpriseId) where.push(`enterprise_id = $${params.push(query.enterpriseId)}`);
    if (query.newEnergy) where.push(`new_energy = $${params.push(query.newEnergy === 'true')}`);
    return listVehicles(this.dataSource, where, params, query, toDto);
  }

  private async enterpriseOf(input: RegisterVehicleMessage, principal: Principal): Promise<string> {
    if (principal.role === Role.Courier) {
      if (!input.courierUscc) throw DomainError.forbidden('this courier account’s organisation has no credit code, so it is tied to no enterprise');
      const own = await this.enterpriseByUscc(input.courierUscc);
      if (!own) throw DomainError.rule('NOT_REGISTERED', `no registered express enterprise has the credit code ${input.courierUscc} of your organisation`);
      if (input.enterpriseId && input.enterpriseId !== own) throw DomainError.forbidden('a courier registers its own enterprise’s vehicles only');
      return own;
    }
    if (!input.enterpriseId) {
      throw new DomainError(400, 'VALIDATION_FAILED', 'name the enterprise the vehicle serves', [{ field: 'enterpriseId', message: 'required for staff' }]);
    }
    if (!(await enterpriseExists(this.dataSource.manager, input.enterpriseId))) throw DomainError.notFound('enterprise');
    return input.enterpriseId;
  }

  private async enterpriseByUscc(uscc: string): Promise<string | undefined> {
    return enterpriseIdByUscc(this.dataSource.manager, uscc);
  }

  private async read(manager: EntityManager, id: string): Promise<VehicleDto> {
    return toDto(await vehicleById(manager, id));
  }
}

function toDto(r: VehicleRow): VehicleDto {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    plate: r.plate,
    plateKind: r.plate_kind,
    newEnergy: r.new_energy,
    uniformNo: r.uniform_no,
    markings: r.markings,
    passStatus: r.pass_status,
    passValidTo: r.pass_valid_to_text,
    regionCode: r.region_code,
    createdAt: r.created_at.toISOString(),
  };
}
