import { AuditEntryView, AuditService } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditQueryRequest } from './dto/audit.query';

@ApiTags('admin: audit')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin/audit', version: '1' })
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary:
      "The office's writes, newest first: an operator sees its county, an admin every county " +
      '(or the one in X-County-Id)',
  })
  list(
    @CurrentPrincipal() p: Principal,
    @Query() q: AuditQueryRequest,
  ): Promise<{ items: AuditEntryView[]; total: number }> {
    return this.audit.list({
      // The guard has refused operators without a county; admins without one see every county.
      countyId: p.countyId,
      entityType: q.entityType,
      entityId: q.entityId,
      action: q.action,
      actor: q.actor,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
  }
}
