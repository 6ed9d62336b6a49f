// Stands in for osrm-text-instructions' languages.js (see vite.config.ts): the driver app speaks
// German and English only, and the full set of 35 languages would add some 600 kB to the bundle.
module.exports = {
  supportedCodes: ['de', 'en'],
  instructions: {
    de: require('osrm-text-instructions/languages/translations/de.json'),
    en: require('osrm-text-instructions/languages/translations/en.json'),
  },
  grammars: {},
  abbreviations: {
    de: require('osrm-text-instructions/languages/abbreviations/de.json'),
    en: require('osrm-text-instructions/languages/abbreviations/en.json'),
  },
};
