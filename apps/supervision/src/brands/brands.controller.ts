import { Controller, Injectable } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BrandDto, BrandListDto, DomainError, Principal, Role, Subjects } from '@app/contracts';
import { Actor, Data } from '@app/messaging';
import { Brand } from './brand.entity.js';

@Injectable()
export class BrandsService {
  constructor(@InjectRepository(Brand) private readonly brands: Repository<Brand>) {}

  async list(): Promise<BrandListDto> {
    const rows = await this.brands.find({ order: { createdAt: 'ASC', code: 'ASC' } });
    return { items: rows.map((b) => ({ code: b.code, name: b.name })) };
  }

  async create(input: BrandDto): Promise<BrandDto> {
    if (await this.brands.existsBy({ code: input.code })) {
      throw DomainError.conflict('BRAND_EXISTS', `brand ${input.code} already exists`);
    }
    const saved = await this.brands.save(this.brands.create(input));
    return { code: saved.code, name: saved.name };
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
  create(@Data() input: BrandDto, @Actor() actor: Principal | null) {
    if (actor?.role !== Role.Admin) throw DomainError.forbidden('only the provincial admin extends the brand table');
    return this.brands.create(input);
  }
}
