import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Courier brand code table (快递品牌代码表), seeded with the national brands. */
@Entity({ name: 'brands' })
export class Brand {
  @PrimaryColumn() code: string;
  @Column() name: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}
