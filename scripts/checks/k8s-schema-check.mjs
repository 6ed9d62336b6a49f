// Validates Kubernetes objects against the Kubernetes OpenAPI schemas that the npm package
// kubernetes-models carries (compiled validators, offline). Run by Node itself, not inside jest:
// kubernetes-models is ESM-only and exports its modules for `import` only.
//
// stdin: JSON [{ ref, object }]; stdout: JSON [{ ref, message }], one entry per invalid object.
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const { ref, object } of input) {
  const { apiVersion, kind } = object ?? {};
  const version = /^(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)$/.exec(String(apiVersion));
  if (!version || !/^[A-Z][A-Za-z]+$/.test(String(kind))) {
    problems.push({ ref, message: `apiVersion "${apiVersion}" / kind "${kind}" malformed` });
    continue;
  }
  // Core objects live under kubernetes-models/v1/<Kind>, the rest under <group>/<version>/<Kind>.
  const path = ['kubernetes-models', version[1], version[2], kind].filter(Boolean).join('/');
  let Model;
  try {
    Model = (await import(path))[kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    problems.push({ ref, message: `no schema for kind ${kind} in ${apiVersion}` });
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push({ ref, message: e instanceof Error ? e.message : String(e) });
  }
}
process.stdout.write(JSON.stringify(problems));
