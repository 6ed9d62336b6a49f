import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

export class OtpRequest {
  @ApiProperty({ example: '06381 555 0100', description: 'German or international phone number' })
  @IsString()
  @Matches(/^\+?[\d\s/()-]{6,24}$/, { message: 'must be a phone number' })
  phone: string;

  @ApiPropertyOptional({ enum: ['rider', 'driver'], default: 'rider' })
  @IsOptional()
  @IsIn(['rider', 'driver'])
  role?: 'rider' | 'driver';

  @ApiPropertyOptional({
    description:
      'County key (AGS); left out: the county of the rider or driver with this number, a new rider the county the installation was set up for',
  })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'must be a 5-digit county key' })
  countyCode?: string;
}

export class OtpVerifyRequest extends OtpRequest {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\s*\d{3}\s?\d{3}\s*$/, { message: 'must be the 6-digit code' })
  code: string;
}
