import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyHealth } from './dependency-health';

/**
 * Terminus and the health indicators. An app imports this module and lists {@link HealthController}
 * among its own controllers, so the controller also sees the app's {@link ReadinessCheck}, if any.
 */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  providers: [DependencyHealth],
  exports: [TerminusModule, DependencyHealth],
})
export class HealthModule {}
