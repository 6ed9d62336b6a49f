import { RidersService } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { operatorCounty } from '@app/http';
import { RiderEntity } from '@app/persistence';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateRiderRequest, SearchRidersQuery, UpdateRiderRequest } from './dto/rider.request';
import { Audited } from '../audit/audited.decorator';

@ApiTags('admin: riders')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin/riders', version: '1' })
export class RidersAdminController {
  constructor(private readonly riders: RidersService) {}

  @Get()
  @ApiOperation({ summary: 'Find a caller by name or phone number' })
  search(@CurrentPrincipal() p: Principal, @Query() q: SearchRidersQuery): Promise<RiderEntity[]> {
    return this.riders.search(operatorCounty(p), q.q, q.limit ?? 20);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<RiderEntity> {
    return this.riders.get(id, operatorCounty(p));
  }

  @Audited({ entity: 'rider', verb: 'create' })
  @Post()
  @ApiOperation({ summary: 'Register a rider, e.g. one who phoned the transport office' })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateRiderRequest): Promise<RiderEntity> {
    return this.riders.create(operatorCounty(p), body);
  }

  @Audited({ entity: 'rider', verb: 'update' })
  @Patch(':id')
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: UpdateRiderRequest,
  ): Promise<RiderEntity> {
    return this.riders.update(id, operatorCounty(p), body);
  }
}
