import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

/** A county named by its key (AGS), e.g. `07336` for Landkreis Kusel. */
export class RoadNetworkQuery {
  @ApiPropertyOptional({ example: '07336', description: "The county's key (AGS)" })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'must be a 5-digit county key' })
  county?: string;
}

export class BookingOptionsQuery extends RoadNetworkQuery {
  @ApiPropertyOptional({ description: 'A stop: the options of the county it belongs to' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a stop id' })
  stopId?: string;
}
