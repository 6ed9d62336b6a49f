import { RollForwardResult, ShiftRosterService } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { operatorCounty } from '@app/http';
import { ShiftRosterEntryEntity, ShiftRosterExceptionEntity } from '@app/persistence';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateRosterEntryRequest,
  RosterExceptionRequest,
  UpdateRosterEntryRequest,
} from './dto/roster.request';
import { Audited } from '../audit/audited.decorator';

@ApiTags('admin: shift roster')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin/roster', version: '1' })
export class RosterController {
  constructor(private readonly roster: ShiftRosterService) {}

  @Get()
  @ApiOperation({ summary: 'The weekly roster: vehicle, driver, weekday, hours, valid from/to' })
  entries(@CurrentPrincipal() p: Principal): Promise<ShiftRosterEntryEntity[]> {
    return this.roster.listEntries(operatorCounty(p));
  }

  @Audited({ entity: 'roster_entry', verb: 'create' })
  @Post()
  @ApiOperation({ summary: 'Add a roster line; its shifts are made at once for the next days' })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateRosterEntryRequest) {
    return this.roster.createEntry(operatorCounty(p), body);
  }

  @Audited({ entity: 'roster_entry', verb: 'update' })
  @Patch(':id')
  @ApiOperation({
    summary:
      'Change a roster line (e.g. end it with validTo); shifts not begun follow, their bookings re-planned',
  })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: UpdateRosterEntryRequest,
  ) {
    return this.roster.updateEntry(operatorCounty(p), id, body);
  }

  @Get('exceptions')
  exceptions(@CurrentPrincipal() p: Principal): Promise<ShiftRosterExceptionEntity[]> {
    return this.roster.listExceptions(operatorCounty(p));
  }

  @Audited({ entity: 'roster_entry', verb: 'exception' })
  @Put(':id/exceptions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'One day differs: cancel it, or other hours or driver; an existing shift follows through the fleet changes',
  })
  setException(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: RosterExceptionRequest,
  ): Promise<RollForwardResult> {
    return this.roster.setException(operatorCounty(p), id, body);
  }

  @Post('roll-forward')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make the next days’ shifts from the roster now (also runs nightly)' })
  rollForward(@CurrentPrincipal() p: Principal): Promise<RollForwardResult> {
    return this.roster.rollForward(operatorCounty(p));
  }
}
