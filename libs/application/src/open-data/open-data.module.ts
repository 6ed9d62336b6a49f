import { Module } from '@nestjs/common';
import { GtfsFlexExportService } from './gtfs-flex-export.service';

/** Open data out (GTFS-Flex); needs PersistenceModule. Trains at the hubs are in ApplicationModule. */
@Module({
  providers: [GtfsFlexExportService],
  exports: [GtfsFlexExportService],
})
export class OpenDataModule {}
