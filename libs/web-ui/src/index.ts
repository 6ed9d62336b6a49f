/** What the browser apps (rider, driver) share: API access, languages, the road map, sign-in. */
export * from './http';
export * from './i18n-core';
export * from './map-label';
export * from './phone-sign-in';
export * from './road-map';
export * from './socket-token';
