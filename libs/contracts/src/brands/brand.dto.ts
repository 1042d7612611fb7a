import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** A courier brand of the code table (快递品牌代码表). */
export class BrandDto {
  @ApiProperty({ description: 'Stable brand code (品牌代码)', example: 'SF' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,19}$/, { message: 'code must be 2–20 capitals, digits or _' })
  code: string;

  @ApiProperty({ description: 'Chinese name (品牌名称)', example: '顺丰' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;
}

export class BrandListDto {
  @ApiProperty({ type: [BrandDto] }) items: BrandDto[];
}
