// Validates a JSON file against a JSON schema with ajv (from tests/peers):
//   node validate-json.mjs --peers <tests/peers> --schema sarif|report --file <file.json>
// Prints one JSON line {"valid":bool,"schema":"…","errors":[…]} and exits 0 when valid, 1 when not, 2 on bad usage.
// sarif:  the SARIF 2.1.0 schema shipped by @microsoft/jest-sarif (JSON Schema draft-04, via ajv-draft-04).
// report: readiness-report.schema.json beside this script (draft 2020-12).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, value, index, all) => (index % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[index + 1]]] : pairs), []),
);
if (!args.file || !['sarif', 'report'].includes(args.schema)) {
  console.error('usage: node validate-json.mjs --peers <dir> --schema sarif|report --file <file.json>');
  process.exit(2);
}

const require = createRequire(join(resolve(args.peers ?? join(here, '../peers')), 'package.json'));
const addFormats = require('ajv-formats');
let ajv;
let schema;
let schemaName;
if (args.schema === 'sarif') {
  const Ajv04 = require('ajv-draft-04');
  // unicodeRegExp: false compiles patterns as draft-04 validators (and ajv 6) do: this schema's run.language
  // pattern has a stray ']' (fixed in the errata) that the unicode flag of ajv 8 rejects.
  ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  schemaName = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
  schema = JSON.parse(readFileSync(require.resolve(schemaName), 'utf8'));
} else {
  const Ajv2020 = require('ajv/dist/2020');
  ajv = new Ajv2020({ allErrors: true, strict: true });
  schemaName = 'readiness-report.schema.json';
  schema = JSON.parse(readFileSync(join(here, schemaName), 'utf8'));
}
addFormats(ajv);

const document = JSON.parse(readFileSync(args.file, 'utf8'));
const validate = ajv.compile(schema);
const valid = validate(document);
const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
console.log(JSON.stringify({ valid, schema: schemaName, title: schema.title, errors }));
process.exit(valid ? 0 : 1);
