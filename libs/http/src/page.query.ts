import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Most items one page of a list holds. */
export const MAX_PAGE_LIMIT = 200;
/**
 * The deepest offset a list may be paged to: deeper than any county's bookings or audit trail.
 * Past PostgreSQL's bigint an offset once answered 500 ("bigint out of range").
 */
export const MAX_PAGE_OFFSET = 1_000_000;

/** The paging of every list the API pages (`limit` items from `offset`); DTOs extend it. */
export class PageQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_PAGE_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  offset?: number;
}
