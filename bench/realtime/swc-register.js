// Runs the gateway's TypeScript sources in a plain `node` child process for the benchmark:
// swc with the repository's .swcrc (decorator metadata, which Nest's DI needs and tsx/esbuild
// does not emit) plus the @app/* path aliases. Usage: node -r ./bench/realtime/swc-register.js <file.ts>
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@app\/([^/]+)(\/.*)?$/.exec(request);
  const mapped = m ? path.join(root, 'libs', m[1], 'src', m[2] ?? '') : request;
  return resolve.call(this, mapped, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
