import { DeparturesService, MAX_LISTING_WINDOW_H, TrainCall } from '@app/application';
import { Public } from '@app/auth';
import { FieldProblem, RuleViolationError } from '@app/domain';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TrainCallsQuery } from './dto/train-calls.query';

@ApiTags('hubs')
@Controller({ path: 'hubs', version: '1' })
export class HubsController {
  constructor(private readonly departures: DeparturesService) {}

  @Get(':stopId/departures')
  @Public()
  @ApiOperation({
    summary: 'Trains leaving a station in a time window (from the imported timetable)',
  })
  async listDepartures(
    @Param('stopId', new ParseUUIDPipe()) stopId: string,
    @Query() q: TrainCallsQuery,
  ): Promise<{ stopId: string; departures: TrainCall[] }> {
    const [from, to] = window(q);
    return { stopId, departures: await this.departures.list(stopId, from, to, 'departures') };
  }

  @Get(':stopId/arrivals')
  @Public()
  @ApiOperation({
    summary: 'Trains arriving at a station in a time window (from the imported timetable)',
  })
  async listArrivals(
    @Param('stopId', new ParseUUIDPipe()) stopId: string,
    @Query() q: TrainCallsQuery,
  ): Promise<{ stopId: string; arrivals: TrainCall[] }> {
    const [from, to] = window(q);
    return { stopId, arrivals: await this.departures.list(stopId, from, to, 'arrivals') };
  }
}

function window(q: TrainCallsQuery): [Date, Date] {
  const from = new Date(q.from);
  const to = new Date(q.to);
  const problems: FieldProblem[] = [];
  if (Number.isNaN(from.getTime()))
    problems.push({ field: 'from', reason: 'is not a valid date-time', code: 'invalid' });
  if (Number.isNaN(to.getTime()))
    problems.push({ field: 'to', reason: 'is not a valid date-time', code: 'invalid' });
  else if (to <= from)
    problems.push({ field: 'to', reason: 'must be after from', code: 'invalid_window' });
  else if (to.getTime() - from.getTime() > MAX_LISTING_WINDOW_H * 3600_000)
    problems.push({
      field: 'to',
      reason: `must be at most ${MAX_LISTING_WINDOW_H} hours after from`,
      code: 'window_too_long',
    });
  if (problems.length) throw new RuleViolationError(problems);
  return [from, to];
}
