import { ServiceAreasService, ServiceAreaView } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { operatorCounty } from '@app/http';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateServiceAreaRequest, UpdateServiceAreaRequest } from './dto/service-area.request';
import { Audited } from '../audit/audited.decorator';

@ApiTags('admin: service areas')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin/service-areas', version: '1' })
export class ServiceAreasController {
  constructor(private readonly areas: ServiceAreasService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<ServiceAreaView[]> {
    return this.areas.list(operatorCounty(p));
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<ServiceAreaView> {
    return this.areas.get(operatorCounty(p), id);
  }

  @Audited({ entity: 'service_area', verb: 'create' })
  @Post()
  @ApiOperation({ summary: 'Describe a new service area (draft unless status says active)' })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateServiceAreaRequest,
  ): Promise<ServiceAreaView> {
    return this.areas.create(operatorCounty(p), body);
  }

  @Audited({
    entity: 'service_area',
    verb: 'update',
    refine: (before) => (before?.status === 'active' ? 'publish' : 'update'),
  })
  @Patch(':id')
  @ApiOperation({ summary: 'Change area, hours, horizon, notice, pooling rules, or activate it' })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: UpdateServiceAreaRequest,
  ): Promise<ServiceAreaView> {
    return this.areas.update(operatorCounty(p), id, body);
  }
}
