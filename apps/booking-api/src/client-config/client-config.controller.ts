import { Public } from '@app/auth';
import { AppConfig, APP_CONFIG } from '@app/config';
import { ClientConfig } from '@app/contracts';
import { Clock } from '@app/domain';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('client')
@Controller({ path: 'client-config', version: '1' })
export class ClientConfigController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: "What browser apps need to know: where the realtime gateway is, the server's time",
  })
  get(): ClientConfig {
    return {
      realtimeUrl: this.config.PUBLIC_REALTIME_URL ?? null,
      realtimePort: this.config.REALTIME_GATEWAY_PORT,
      devTokens: this.config.DEV_TOKENS,
      clock: {
        now: this.clock.now().toISOString(),
        speed: this.config.CLOCK === 'simulated' ? this.config.CLOCK_SPEED : 1,
        simulated: this.config.CLOCK === 'simulated',
      },
    };
  }
}
