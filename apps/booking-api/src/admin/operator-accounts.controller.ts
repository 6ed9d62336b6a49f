import { CreatedOperatorAccount, OperatorAccountsService } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { OperatorAccountEntity } from '@app/persistence';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateOperatorAccountRequest,
  UpdateOperatorAccountRequest,
} from '../auth/dto/local-sign-in.request';
import { Audited } from '../audit/audited.decorator';

/**
 * Admins manage the local office accounts (identity-provider users are managed there): those of
 * the county they act for, or an admin of every county acting for none, every account.
 */
@ApiTags('admin: operator accounts')
@ApiBearerAuth()
@Roles('admin')
@Controller({ path: 'admin/operators', version: '1' })
export class OperatorAccountsController {
  constructor(private readonly accounts: OperatorAccountsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<OperatorAccountEntity[]> {
    return this.accounts.list(p);
  }

  @Audited({ entity: 'operator_account', verb: 'create' })
  @Post()
  @ApiOperation({
    summary: 'Create an account; the answer holds the initial password and the otpauth URI once',
  })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateOperatorAccountRequest,
  ): Promise<CreatedOperatorAccount> {
    return this.accounts.create(p, body);
  }

  @Audited({ entity: 'operator_account', verb: 'update' })
  @Patch(':id')
  @ApiOperation({ summary: 'Switch an account off (its sessions end at once) or on again' })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: UpdateOperatorAccountRequest,
  ): Promise<OperatorAccountEntity> {
    return this.accounts.setActive(p, id, body.active);
  }
}
