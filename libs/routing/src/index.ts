export * from './geo';
export * from './routing.error';
export * from './routing.port';
export * from './osrm/osrm-routing.adapter';
export * from './embedded-routing.adapter';
export * from './county-networks-routing.adapter';
export { EmbeddedRouter, type EmbeddedRouterOptions } from './core/embedded-router';
export { EDGE_FLAG, type RoadGraph } from './core/road-graph';
export {
  loadRoadGraph,
  GRAPH_CACHE_FORMAT_VERSION,
  type LoadGraphOptions,
} from './core/graph-cache';
export {
  startRouterServer,
  type RouterServerOptions,
  type RunningRouterServer,
} from './server/router-server';
export * from './matrix/stop-matrix-cache';
export * from './routing.module';
export { readOsmFile, type RawOsm, type RawWay } from './core/osm-reader';
export { KUSEL_SYNTHETIC_HEADER, generateKuselNetwork } from './synthetic/kusel-network';
export { readKuselPlaces } from './synthetic/kusel-places';
export { SYNTHETIC_OSM_GENERATOR, writeOsmXml } from './synthetic/osm-xml-writer';
export { roadFileSource, type RoadFileSource } from './synthetic/road-file-source';
