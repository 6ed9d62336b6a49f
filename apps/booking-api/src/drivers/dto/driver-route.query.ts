import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsLatitude, IsLongitude, IsUUID } from 'class-validator';

export class DriverRouteQuery {
  @ApiProperty({ description: 'Latitude of the bus (WGS84)', example: 49.525 })
  @Type(() => Number)
  @IsLatitude({ message: 'must be a latitude (-90..90)' })
  fromLat: number;

  @ApiProperty({ description: 'Longitude of the bus (WGS84)', example: 7.36 })
  @Type(() => Number)
  @IsLongitude({ message: 'must be a longitude (-180..180)' })
  fromLon: number;

  @ApiProperty({ description: 'Id of the stop to drive to', format: 'uuid' })
  @IsUUID('all', { message: 'must be a stop id (UUID)' })
  toStopId: string;
}
