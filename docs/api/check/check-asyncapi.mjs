// Parses an AsyncAPI document with the real parser (@asyncapi/parser), external $refs included, and
// fails on any error. Prints the errors and warnings, then one summary line the JUnit test reads:
//   OK asyncapi=<version> channels=<address,...> messages=<n>
// Usage: node check-asyncapi.mjs ../asyncapi.yaml
import { Parser, fromFile } from '@asyncapi/parser';
import path from 'node:path';

const file = path.resolve(process.argv[2] ?? '../asyncapi.yaml');
const severities = ['error', 'warning', 'info', 'hint'];
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
let errors = 0;
for (const d of diagnostics) {
  if (d.severity === 0) errors++;
  if (d.severity <= 1) {
    console.log(`${severities[d.severity]} ${d.code} at ${(d.path ?? []).join('.')}: ${d.message}`);
  }
}
if (!document || errors > 0) {
  console.log(`FAILED ${errors} error(s) in ${file}`);
  process.exit(1);
}
const channels = document.channels().all().map((c) => c.address()).sort();
console.log(`OK asyncapi=${document.version()} channels=${channels.join(',')} messages=${document.allMessages().length}`);
