// Compares our verifier with the two c2pa-rs builds on a folder of C2PA files that are not part of the test corpus
// (for example a checkout of contentauth/c2pa-rs's test fixtures), and prints each file where our state and failure
// codes equal neither build's, then the count of agreements.
//
//   node c2pa-compare.mjs --trust ANCHORS.pem [--ekus EKUS.cfg] FOLDER
//
// Needs the CLI built (dotnet build -c Release src/Provenance.Cli) and this folder's npm packages installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
let trust = null, ekus = path.join(here, 'c2pa-claim-signing-ekus.cfg'), folder = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--trust') trust = args[++i];
  else if (args[i] === '--ekus') ekus = args[++i];
  else folder = args[i];
}
if (!trust || !folder) {
  console.error('usage: node c2pa-compare.mjs --trust ANCHORS.pem [--ekus EKUS.cfg] FOLDER');
  process.exit(2);
}
const files = fs.readdirSync(folder).map(f => path.join(folder, f)).filter(f => fs.statSync(f).isFile()).sort();
const run = (command, commandArgs) => execFileSync(command, commandArgs, { maxBuffer: 1 << 28, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const lines = text => text.split('\n').filter(l => l.trim()).map(l => JSON.parse(l));

const cli = path.join(repo, 'src/Provenance.Cli/bin/Release/net10.0/provenance.dll');
let oursText;
try {
  oursText = run('dotnet', [cli, 'verify', '--json', '--trust', trust, ...files]);
} catch (e) {
  oursText = e.stdout; // the CLI exits non-zero when a file is refused or not verified
}
const ours = new Map(lines(oursText).map(o => [path.basename(o.path), o]));
const reference = new Map();
for (const r of lines(run('node', [path.join(here, 'c2pa-validate.mjs'), '--trust', trust, '--ekus', ekus, ...files]))) {
  const name = path.basename(r.file);
  if (!reference.has(name)) reference.set(name, {});
  reference.get(name)[r.validator] = r;
}

const key = (state, codes) => `${state ?? 'none'} ${[...(codes ?? [])].sort().join(',')}`;
let agree = 0;
for (const file of files.map(f => path.basename(f))) {
  const o = ours.get(file) ?? {};
  const mine = key(o.validation_state, o.status_codes);
  const builds = Object.entries(reference.get(file) ?? {});
  if (builds.some(([, r]) => key(r.state, r.failure) === mine)) {
    agree++;
    continue;
  }
  console.log(file);
  console.log(`  ours: ${mine}${o.error ? ` (${o.error.slice(0, 100)})` : ''}`);
  for (const [validator, r] of builds) console.log(`  ${validator}: ${key(r.state, r.failure)}${r.error ? ` (${r.error.slice(0, 100)})` : ''}`);
}
console.log(`${agree} of ${files.length} files: state and failure codes equal at least one c2pa-rs build`);
