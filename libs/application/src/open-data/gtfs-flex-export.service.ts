import { buildGtfsFlexFeed, feedValidity, GtfsFiles, toLocalTime } from '@app/domain';
import { CountyEntity, ServiceAreaEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as yazl from 'yazl';
import { CountiesService } from '../counties/counties.service';

export interface FlexExportOptions {
  /** The county's key (e.g. `07336`); may be left out when the installation serves one county. */
  countyCode?: string;
  /** Public address of the web apps: the agency URL, and `<base>/rider/` as the booking URL. */
  publicBaseUrl?: string | null;
  /** The transport office's phone number for booking by phone (E.164 or national). */
  phone?: string | null;
  now: Date;
}

/**
 * The county's on-demand service as a GTFS-Flex feed for journey planners (DELFI, DB Navigator):
 * its active service areas as zones with their hours and booking rules.
 */
@Injectable()
export class GtfsFlexExportService {
  constructor(
    private readonly ds: DataSource,
    private readonly counties: CountiesService,
  ) {}

  async files(opts: FlexExportOptions): Promise<{ county: CountyEntity; files: GtfsFiles }> {
    const county = await this.counties.resolve(opts.countyCode);
    const areas = await this.ds.getRepository(ServiceAreaEntity).find({
      where: { countyId: county.id, status: 'active' },
      order: { name: 'ASC' },
    });
    const today = toLocalTime(opts.now, county.timeZone).date;
    const base = opts.publicBaseUrl?.replace(/\/+$/, '') ?? null;
    const files = buildGtfsFlexFeed({
      idPrefix: county.code,
      agency: {
        name: `On-demand service ${county.name}`,
        url: base ?? 'https://www.gtfs.org/',
        timeZone: county.timeZone,
        lang: 'de',
        phone: opts.phone ?? null,
      },
      areas: areas.map((a) => ({
        id: a.id.slice(0, 8),
        name: a.name,
        geometry: a.geometry,
        operatingHours: a.operatingHours,
        minNoticeMin: a.minNoticeMin,
        bookingHorizonDays: a.bookingHorizonDays,
      })),
      bookingUrl: base ? `${base}/rider/` : null,
      ...feedValidity(today),
      feedVersion: `${county.code}-${today}`,
    });
    return { county, files };
  }

  /** The feed as a zip archive. */
  async zip(opts: FlexExportOptions): Promise<{ county: CountyEntity; zip: Buffer }> {
    const { county, files } = await this.files(opts);
    return { county, zip: await zipFiles(files) };
  }
}

/** Zips text files in memory (a feed is a few kilobytes). */
export function zipFiles(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  // A fixed date keeps the archive the same for the same feed.
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const [name, text] of Object.entries(files))
    zip.addBuffer(Buffer.from(text, 'utf8'), name, { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
