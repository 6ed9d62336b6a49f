import { Module } from '@nestjs/common';
import { DeparturesService } from '../timetable/departures.service';
import { GtfsFlexExportService } from './gtfs-flex-export.service';

/** Timetables in (trains at the hubs) and open data out (GTFS-Flex); needs PersistenceModule. */
@Module({
  providers: [DeparturesService, GtfsFlexExportService],
  exports: [DeparturesService, GtfsFlexExportService],
})
export class OpenDataModule {}
