import { StopsService, StopView } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { operatorCounty } from '@app/http';
import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateStopRequest, UpdateStopRequest } from './dto/stop.request';
import { Audited } from '../audit/audited.decorator';

@ApiTags('admin: stops')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin/stops', version: '1' })
export class StopsAdminController {
  constructor(private readonly stops: StopsService) {}

  @Audited({ entity: 'stop', verb: 'create' })
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateStopRequest): Promise<StopView> {
    return this.stops.create(operatorCounty(p), body);
  }

  @Audited({ entity: 'stop', verb: 'update' })
  @Patch(':id')
  @ApiOperation({ summary: 'Change a stop; `active: false` retires it without losing its history' })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: UpdateStopRequest,
  ): Promise<StopView> {
    return this.stops.update(operatorCounty(p), id, body);
  }
}
