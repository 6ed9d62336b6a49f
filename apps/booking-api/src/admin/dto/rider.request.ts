import { RIDER_NEEDS, RiderNeed } from '@app/persistence';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

export class CreateRiderRequest {
  @ApiProperty({ example: 'Hildegard Beispiel' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({ example: '+49 6381 123456' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()/-]{3,32}$/, { message: 'must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ enum: RIDER_NEEDS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(RIDER_NEEDS as unknown as string[], { each: true })
  needs?: RiderNeed[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  notes?: string;

  @ApiPropertyOptional({ enum: ['sms', 'app', 'none'], default: 'sms' })
  @IsOptional()
  @IsIn(['sms', 'app', 'none'])
  messageChannel?: 'sms' | 'app' | 'none';

  @ApiPropertyOptional({ enum: ['de', 'en'], default: 'de' })
  @IsOptional()
  @IsIn(['de', 'en'])
  language?: 'de' | 'en';
}

export class RiderPreferencesRequest {
  @ApiPropertyOptional({ enum: ['sms', 'app', 'none'], description: 'How to hear of rides' })
  @IsOptional()
  @IsIn(['sms', 'app', 'none'])
  messageChannel?: 'sms' | 'app' | 'none';

  @ApiPropertyOptional({ enum: ['de', 'en'] })
  @IsOptional()
  @IsIn(['de', 'en'])
  language?: 'de' | 'en';
}

export class UpdateRiderRequest extends PartialType(CreateRiderRequest) {}

export class SearchRidersQuery {
  @ApiPropertyOptional({ description: 'Name or phone number' })
  @IsOptional()
  @IsString()
  @Length(1, 80)
  q?: string;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
