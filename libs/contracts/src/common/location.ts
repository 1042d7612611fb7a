import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';

/** A point in WGS-84 degrees (经纬度); services check that it lies within Shanxi. */
export class LocationDto {
  @ApiProperty({ description: 'Latitude, WGS-84 degrees (纬度); must lie within the province’s bounding box', example: 37.687 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ description: 'Longitude, WGS-84 degrees (经度); must lie within the province’s bounding box', example: 112.753 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;
}
