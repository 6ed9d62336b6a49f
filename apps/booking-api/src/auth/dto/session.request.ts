import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshRequest {
  @ApiProperty({ description: 'The refresh token from sign-in or the last refresh' })
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class OidcExchangeRequest {
  @ApiProperty({ description: 'The one-time code from the console address after sign-in' })
  @IsString()
  @Length(20, 100)
  code: string;
}
