import { GtfsFlexExportService } from '@app/application';
import { Public } from '@app/auth';
import { AppConfig, APP_CONFIG } from '@app/config';
import { Clock } from '@app/domain';
import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

@ApiTags('open-data')
@Controller({ path: 'gtfs-flex.zip', version: '1' })
export class GtfsFlexController {
  constructor(
    private readonly exporter: GtfsFlexExportService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('cache-control', 'public, max-age=3600')
  @ApiQuery({ name: 'county', required: false, description: "The county's key, e.g. 07336" })
  @ApiOperation({
    summary: 'The on-demand service as a GTFS-Flex v2 feed (zip) for journey planners',
  })
  async download(@Query('county') county: string | undefined, @Res() res: Response): Promise<void> {
    const { county: c, zip } = await this.exporter.zip({
      countyCode: typeof county === 'string' && county !== '' ? county : undefined,
      publicBaseUrl: this.config.PUBLIC_BASE_URL ?? null,
      phone: this.config.OFFICE_PHONE ?? null,
      now: this.clock.now(),
    });
    res
      .status(200)
      .type('application/zip')
      .setHeader('content-disposition', `attachment; filename="gtfs-flex-${c.code}.zip"`)
      .send(zip);
  }
}
