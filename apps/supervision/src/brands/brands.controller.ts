import { Controller, Injectable } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { BrandDto, BrandListDto, DomainError, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { AuditTrail } from '@app/events';
import { Brand } from './brand.entity.js';

@Injectable()
export class BrandsService {
  constructor(
    @InjectRepository(Brand) private readonly brands: Repository<Brand>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<BrandListDto> {
    const rows = await this.brands.find({ order: { createdAt: 'ASC', code: 'ASC' } });
    return { items: rows.map((b) => ({ code: b.code, name: b.name })) };
  }

  async create(input: BrandDto, meta: RequestMeta): Promise<BrandDto> {
    if (await this.brands.existsBy({ code: input.code })) {
      throw DomainError.conflict('BRAND_EXISTS', `brand ${input.code} already exists`);
    }
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(this.brands.create(input));
      const brand = { code: saved.code, name: saved.name };
      await this.audit.record(manager, { action: 'brand.added', objectType: 'brand', objectId: saved.code, after: brand }, meta);
      return brand;
    });
  }
}

@Controller()
export class BrandsController {
  constructor(private readonly brands: BrandsService) {}

  @MessagePattern(Subjects.supervision.brandsList)
  list() {
    return this.brands.list();
  }

  @MessagePattern(Subjects.supervision.brandsCreate)
  create(@Data() input: BrandDto, @Meta() meta: RequestMeta) {
    return this.brands.create(input, meta);
  }
}
