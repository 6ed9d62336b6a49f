import { Public } from '@app/auth';
import {
  Controller,
  Get,
  Optional,
  Res,
  ServiceUnavailableException,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { DependencyHealth } from './dependency-health';
import { ReadinessCheck } from './readiness-check';

/**
 * Liveness and readiness with `@nestjs/terminus`. Liveness asks no other service, so an outage of
 * PostgreSQL or Redis takes pods out of the load balancer (readiness) without restarting them.
 */
@ApiTags('health')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly deps: DependencyHealth,
    @Optional() private readonly own?: ReadinessCheck,
  ) {}

  @Get('live')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers and its event loop runs' })
  live(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    return this.report(res, [() => this.deps.eventLoop()]);
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: PostgreSQL, Redis, the routing service (and the worker its queue consumer)',
  })
  ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    return this.report(res, this.readiness());
  }

  /** Kept for scripts and probes written before liveness and readiness were split. */
  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Same as /health/ready' })
  legacy(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    return this.report(res, this.readiness());
  }

  private readiness(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [
      () => this.deps.database(),
      () => this.deps.redis(),
      () => this.deps.routingService(),
    ];
    const own = this.own;
    if (own) {
      checks.push(async () => {
        try {
          return { [own.key]: { status: 'up', ...(await own.check()) } };
        } catch (e) {
          return { [own.key]: { status: 'down', message: (e as Error).message } };
        }
      });
    }
    return checks;
  }

  /**
   * Terminus answers a failed check with ServiceUnavailableException; its body is written here as
   * terminus made it, instead of the app's error body the exception filter would turn it into.
   */
  private async report(
    res: Response,
    checks: HealthIndicatorFunction[],
  ): Promise<HealthCheckResult> {
    try {
      return await this.health.check(checks);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503);
      return e.getResponse() as HealthCheckResult;
    }
  }
}
