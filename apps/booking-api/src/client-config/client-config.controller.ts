import { Public } from '@app/auth';
import { AppConfig, APP_CONFIG } from '@app/config';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('client')
@Controller({ path: 'client-config', version: '1' })
export class ClientConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'What browser apps need to know: where the realtime gateway is' })
  get(): { realtimeUrl: string | null; realtimePort: number; devTokens: boolean } {
    return {
      realtimeUrl: this.config.PUBLIC_REALTIME_URL ?? null,
      realtimePort: this.config.REALTIME_GATEWAY_PORT,
      devTokens: this.config.DEV_TOKENS,
    };
  }
}
