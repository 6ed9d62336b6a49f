import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class LocalSignInRequest {
  @ApiProperty({ example: 'leitstelle@kv-kusel.de' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @Length(3, 254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password: string;

  @ApiProperty({ example: '123456', description: 'Code from the authenticator app' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be the 6-digit code from the authenticator app' })
  totp: string;
}

export class CreateOperatorAccountRequest {
  @ApiProperty()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @Length(3, 254)
  email: string;

  @ApiProperty({ enum: ['operator', 'admin'] })
  @IsIn(['operator', 'admin'])
  role: 'operator' | 'admin';

  @ApiPropertyOptional({
    description:
      'County key (AGS); required for operators and whenever the admin acts for a county (its ' +
      'own, or the one in X-County-Id), which must be this one. Left out: an admin of every county.',
  })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'must be a 5-digit county key' })
  countyCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;
}

export class UpdateOperatorAccountRequest {
  @ApiProperty()
  @IsBoolean()
  active: boolean;
}
