import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { GtfsFlexExportService } from './gtfs-flex-export.service';

/** Open data out (GTFS-Flex); needs PersistenceModule. Trains at the hubs are in ApplicationModule. */
@Module({
  imports: [ApplicationModule],
  providers: [GtfsFlexExportService],
  exports: [GtfsFlexExportService],
})
export class OpenDataModule {}
