import { CreatedOperatorAccount, OperatorAccountsService } from '@app/application';
import { Roles } from '@app/auth';
import { OperatorAccountEntity } from '@app/persistence';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateOperatorAccountRequest,
  UpdateOperatorAccountRequest,
} from '../auth/dto/local-sign-in.request';
import { Audited } from '../audit/audited.decorator';

/** Admins manage the local office accounts (identity-provider users are managed there). */
@ApiTags('admin: operator accounts')
@ApiBearerAuth()
@Roles('admin')
@Controller({ path: 'admin/operators', version: '1' })
export class OperatorAccountsController {
  constructor(private readonly accounts: OperatorAccountsService) {}

  @Get()
  list(): Promise<OperatorAccountEntity[]> {
    return this.accounts.list();
  }

  @Audited({ entity: 'operator_account', verb: 'create' })
  @Post()
  @ApiOperation({
    summary: 'Create an account; the answer holds the initial password and the otpauth URI once',
  })
  create(@Body() body: CreateOperatorAccountRequest): Promise<CreatedOperatorAccount> {
    return this.accounts.create(body);
  }

  @Audited({ entity: 'operator_account', verb: 'update' })
  @Patch(':id')
  @ApiOperation({ summary: 'Switch an account off (its sessions end at once) or on again' })
  update(
    @Param('id') id: string,
    @Body() body: UpdateOperatorAccountRequest,
  ): Promise<OperatorAccountEntity> {
    return this.accounts.setActive(id, body.active);
  }
}
