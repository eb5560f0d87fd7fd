// `npm run gen:api-fields`: reads the field tree of the built-in kinds from the API server that
// KUBECONFIG points at (the test cluster: `bash .ci/cluster up`) into
// lib/checks/api-fields/fields.json, which the unknown-field check at synth reads.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { API_GROUP_VERSIONS, apiFieldsFrom } from '../lib/checks/api-fields/openapi-fields';

const kubectl = process.env.TODO_K8S_KUBECTL || 'kubectl';
const raw = (url: string) => JSON.parse(execFileSync(kubectl, ['get', '--raw', url], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
const version = raw('/version').gitVersion as string;
const fields = apiFieldsFrom(API_GROUP_VERSIONS.map((gv) => raw(`/openapi/v3/${gv}`)), version);
const out = path.join(__dirname, '..', 'lib', 'checks', 'api-fields', 'fields.json');
fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(fields)}\n`);
fs.renameSync(`${out}.tmp`, out);
console.log(`Wrote ${path.relative(process.cwd(), out)}: ${Object.keys(fields.kinds).length} kinds, ${Object.keys(fields.types).length} types, from Kubernetes ${version}.`);
