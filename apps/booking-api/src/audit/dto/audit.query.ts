import { IsAfter, PageQuery } from '@app/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

export class AuditQueryRequest extends PageQuery {
  @ApiPropertyOptional({ example: 'service_area' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}$/, { message: 'must be an entity type such as service_area' })
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  entityId?: string;

  @ApiPropertyOptional({ example: 'service_area.publish' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}\.[a-z_]{1,30}$/, { message: 'must be an action such as stop.update' })
  action?: string;

  @ApiPropertyOptional({ description: 'Subject or part of the name / e-mail of who acted' })
  @IsOptional()
  @IsString()
  @Length(1, 254)
  actor?: string;

  @ApiPropertyOptional({ description: 'From this instant (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Until this instant (exclusive, after from), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  @IsAfter('from')
  to?: string;
}
