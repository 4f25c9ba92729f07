// Validates an OpenAPI document with a real parser (@readme/openapi-parser: the OpenAPI 3.x schema,
// $refs, duplicate operation ids, path parameters) and fails on any error. Prints one summary line the
// JUnit test reads: OK openapi=<version> paths=<n> operations=<n>
// Usage: node check-openapi.mjs ../openapi.yaml
import { validate } from '@readme/openapi-parser';
import path from 'node:path';

const file = path.resolve(process.argv[2] ?? '../openapi.yaml');
const result = await validate(file);
if (!result.valid) {
  for (const e of result.errors) {
    console.log(`error ${e.message}`);
  }
  console.log(`FAILED ${result.errors.length} error(s) in ${file}`);
  process.exit(1);
}
for (const w of result.warnings ?? []) {
  console.log(`warning ${w.message}`);
}
const { parse } = await import('@readme/openapi-parser');
const api = await parse(file);
const paths = Object.keys(api.paths ?? {});
const operations = paths.flatMap((p) => Object.keys(api.paths[p]).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k)));
console.log(`OK openapi=${api.openapi} paths=${paths.length} operations=${operations.length}`);
