import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { CountyNetworksRoutingAdapter } from './county-networks-routing.adapter';
import { StopMatrixCache } from './matrix/stop-matrix-cache';
import { OsrmRoutingAdapter } from './osrm/osrm-routing.adapter';
import { RoutingModule } from './routing.module';
import { RoutingPort } from './routing.port';

const osmFile = join(__dirname, '../../../data/osm/kusel-synthetic.osm');

describe('RoutingModule', () => {
  it('provides the embedded router when no OSRM URL is configured', async () => {
    const app = await Test.createTestingModule({
      imports: [RoutingModule.forRoot({ osmFile })],
    }).compile();
    const port = app.get(RoutingPort);
    expect(port).toBeInstanceOf(CountyNetworksRoutingAdapter);
    const near = await port.nearest({ lat: 49.538282, lon: 7.410329 });
    expect(near.name).toBe('Bahnhofstraße');
    expect(app.get(StopMatrixCache)).toBeInstanceOf(StopMatrixCache);
  });

  it('provides the OSRM adapter when an OSRM URL is configured', async () => {
    const app = await Test.createTestingModule({
      imports: [RoutingModule.forRoot({ osmFile, osrmUrl: 'http://osrm:5000' })],
    }).compile();
    expect(app.get(RoutingPort)).toBeInstanceOf(OsrmRoutingAdapter);
  });
});
