/**
 * Landkreis Kaiserslautern's sample (data/kaiserslautern), onboarded next to Kusel with `addCounty`
 * (`county:add`) where a test needs a second county on the installation.
 */
export const KAISERSLAUTERN = {
  ags: '07335',
  name: 'Landkreis Kaiserslautern',
  municipalitiesFile: 'data/kaiserslautern/municipalities.csv',
  stationsFile: 'data/kaiserslautern/rail_stations.csv',
  hubEvaId: '8003515',
};
