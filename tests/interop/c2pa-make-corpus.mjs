// Makes the foreign C2PA corpus (tests/interop/c2pa-corpus) with @contentauth/c2pa-node: manifest shapes our own
// signer never writes (claim v1 and v1 actions, parentOf/componentOf ingredients with and without a manifest or
// validation results, update manifests and redactions, two and three manifests, remote-manifest references, every
// signing algorithm, untrusted and expired signers). The files are committed; this script is how they were made and
// how to make them again (the signatures differ on every run, the shapes do not):
//
//   node c2pa-make-corpus.mjs SIGNING_CERTS_DIR OUT_DIR
//
// SIGNING_CERTS_DIR holds c2pa-rs's sample signers ({alg}.pub chain, {alg}.pem key; sdk/tests/fixtures/certs in
// the c2pa-rs repository), whose roots c2pa-corpus/trust-anchors.pem lists. docs/c2pa.md gives the whole sequence. The untrusted and expired signers are made here with openssl, into
// OUT_DIR/certs (certificates only; the keys are dropped). The inputs are OUT_DIR/inputs/src.jpg, src.png and other.jpg (small renditions of corpus photos).
// Writes OUT_DIR/corpus.txt: one line per file saying what it holds.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const [certsDir, outDir] = process.argv.slice(2);
if (!certsDir || !outDir) {
  throw new Error('usage: node c2pa-make-corpus.mjs SIGNING_CERTS_DIR OUT_DIR');
}
const { Builder, LocalSigner, Reader } = await import('@contentauth/c2pa-node');

const inputs = path.join(outDir, 'inputs');
const read = name => fs.readFileSync(path.join(inputs, name));
const mimeOf = file => (path.extname(file) === '.png' ? 'image/png' : 'image/jpeg');
const asset = (buffer, file) => ({ buffer, mimeType: mimeOf(file) });
const descriptions = [];
// No thumbnails (they would make every file ~100 kB); no verification of our own signature, which c2pa-rs would
// otherwise refuse for the expired signer.
const settings = { builder: { thumbnail: { enabled: false } }, verify: { verify_after_sign: false } };

function signer(alg) {
  return LocalSigner.newSigner(fs.readFileSync(path.join(certsDir, `${alg}.pub`)), fs.readFileSync(path.join(certsDir, `${alg}.pem`)), alg);
}

const created = (source = 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture') =>
  ({ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.created', digitalSourceType: source }] } });

function definition(title, assertions, extra = {}) {
  return { claim_generator_info: [{ name: 'provenance corpus maker', version: '1.0.0' }], title, assertions, ...extra };
}

/** Signs `input` (bytes) with the definition and returns the signed bytes; records the description. */
async function make(file, description, def, input, { alg = 'es256', claimVersion, intent, ingredients = [], remote, noEmbed, redactions = [], sign = signer(alg) } = {}) {
  const builder = Builder.withJson(def, settings);
  if (claimVersion) {
    builder.updateManifestProperty('claim_version', claimVersion);
  }
  if (intent) {
    builder.setIntent(intent);
  }
  for (const ingredient of ingredients) {
    await builder.addIngredient(JSON.stringify(ingredient.json), asset(ingredient.bytes, ingredient.file));
  }
  for (const uri of redactions) {
    builder.addRedaction(uri, 'c2pa.PII.present');
  }
  if (remote) {
    builder.setRemoteUrl(remote);
  }
  if (noEmbed) {
    builder.setNoEmbed(true);
  }
  const output = { buffer: null };
  builder.sign(sign, asset(input, file), output);
  fs.writeFileSync(path.join(outDir, file), output.buffer);
  descriptions.push(`${file}\t${description}`);
  return output.buffer;
}

async function activeLabel(bytes, file) {
  const reader = await Reader.fromAsset(asset(bytes, file));
  return reader.activeLabel();
}

/** Replaces bytes in the middle of the JPEG's scan data: the hard binding no longer matches. */
function alterPixels(bytes) {
  const altered = Buffer.from(bytes);
  const sos = altered.lastIndexOf(Buffer.from([0xff, 0xda]));
  const at = sos + Math.floor((altered.length - sos) / 2);
  altered[at] ^= 0x55;
  altered[at + 1] ^= 0x55;
  return altered;
}

/** A CA and a claim-signing leaf made with openssl; `validity` is [notBefore, notAfter] as YYYYMMDDHHMMSSZ. */
function makeChain(name, validity) {
  const dir = path.join(outDir, 'certs', name.toLowerCase().replace(/ /g, '-'));
  fs.mkdirSync(dir, { recursive: true });
  const run = args => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const leafExt = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\n'
    + 'subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n';
  fs.writeFileSync(path.join(dir, 'leaf.ext'), leafExt);
  run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
  run(['req', '-new', '-x509', '-key', 'ca.key', '-subj', `/O=${name}/CN=${name} Root`, '-days', '7300', '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.pem']);
  run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key']);
  run(['req', '-new', '-key', 'leaf.key', '-subj', `/O=${name}/CN=${name} Signer`, '-out', 'leaf.csr']);
  // `openssl ca` is the 3.0 way to give a certificate validity dates in the past.
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.writeFileSync(path.join(dir, 'ca.cnf'), '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nserial=serial\nnew_certs_dir=.\n'
    + 'default_md=sha256\npolicy=p\ncopy_extensions=none\nunique_subject=no\n[p]\nO=supplied\nCN=supplied\n');
  run(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-out', 'leaf.pem',
    '-startdate', validity[0], '-enddate', validity[1], '-extfile', 'leaf.ext', '-notext']);
  const chain = Buffer.concat([fs.readFileSync(path.join(dir, 'leaf.pem')), fs.readFileSync(path.join(dir, 'ca.pem'))]);
  for (const f of fs.readdirSync(dir)) {
    if (!['ca.pem', 'leaf.pem', 'leaf.key'].includes(f)) {
      fs.rmSync(path.join(dir, f));
    }
  }
  const key = fs.readFileSync(path.join(dir, 'leaf.key'));
  fs.rmSync(path.join(dir, 'leaf.key'));
  return LocalSigner.newSigner(chain, key, 'es256');
}

const jpg = read('src.jpg');
const png = read('src.png');
const other = read('other.jpg');

// Claims v2 (c2pa-node's default) with every signing algorithm.
const v2 = await make('v2-created-es256.jpg', 'claim v2, c2pa.actions.v2 created, ES256', definition('v2', [created()]), jpg);
for (const alg of ['es384', 'es512', 'ps256', 'ps384', 'ps512', 'ed25519']) {
  await make(`v2-created-${alg}.jpg`, `claim v2, created, ${alg.toUpperCase()}`, definition(alg, [created()]), jpg, { alg });
}
await make('v2-created-es256.png', 'claim v2, created, ES256, PNG (caBX chunk)', definition('png', [created()]), png);
await make('v2-no-actions.jpg', 'claim v2 with no actions assertion (c2pa-rs adds none when not asked)', definition('bare', []), jpg);

// Claims v1: c2pa.actions v1 and the older ingredient assertion forms.
const v1 = await make('v1-created.jpg', 'claim v1 (c2pa.claim), c2pa.actions v1 created', definition('v1', [created()]), jpg, { claimVersion: 1 });
await make('v1-created.png', 'claim v1, c2pa.actions v1 created, PNG', definition('v1png', [created()]), png, { claimVersion: 1 });
await make('v1-parent-signed.jpg', 'claim v1 whose parentOf ingredient (v1 form) carries a manifest: two manifests; the opened action names no ingredient',
  definition('v1 edit', [{ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.opened' }] } }]), v1,
  { claimVersion: 1, ingredients: [{ json: { title: 'v1-created.jpg', relationship: 'parentOf' }, bytes: v1, file: 'v1-created.jpg' }] });
await make('v1-component-plain.jpg', 'claim v1, componentOf ingredient without a manifest, placed action naming no ingredient',
  definition('v1 component', [{ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.created', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture' }, { action: 'c2pa.placed' }] } }]), jpg,
  { claimVersion: 1, ingredients: [{ json: { title: 'other.jpg', relationship: 'componentOf' }, bytes: other, file: 'other.jpg' }] });

// Claims v2 with ingredients: the edit intent adds the opened action referencing the parent.
const twoManifests = await make('v2-parent-signed.jpg', 'claim v2, edit intent: parentOf ingredient (v3) with a manifest, opened action references it; two manifests',
  definition('v2 edit', []), v2, { intent: 'edit' });
await make('v2-three-manifests.jpg', 'claim v2, edit of an edit: three manifests in the store',
  definition('v2 edit 2', []), twoManifests, { intent: 'edit' });
await make('v2-parent-plain.jpg', 'claim v2, edit intent on an asset without a manifest: parentOf ingredient with no manifest',
  definition('v2 edit plain', []), jpg, { intent: 'edit' });
await make('v2-component-signed.jpg', 'claim v2, created + placed: componentOf ingredient with a manifest (v1 claim inside)',
  definition('v2 component', [{ label: 'c2pa.actions', data: { actions: [
    { action: 'c2pa.created', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture' },
    { action: 'c2pa.placed', parameters: { ingredientIds: ['component-1'] } }] } }]), jpg,
  { ingredients: [{ json: { title: 'v1-created.jpg', relationship: 'componentOf', instance_id: 'component-1', label: 'component-1' }, bytes: v1, file: 'v1-created.jpg' }] });
await make('v2-component-plain.jpg', 'claim v2, created + placed: componentOf ingredient without a manifest',
  definition('v2 component plain', [{ label: 'c2pa.actions', data: { actions: [
    { action: 'c2pa.created', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture' },
    { action: 'c2pa.placed', parameters: { ingredientIds: ['component-2'] } }] } }]), jpg,
  { ingredients: [{ json: { title: 'other.jpg', relationship: 'componentOf', instance_id: 'component-2', label: 'component-2' }, bytes: other, file: 'other.jpg' }] });
const tamperedParent = alterPixels(v2);
await make('v2-parent-tampered.jpg', 'claim v2, edit of a file whose pixels were altered after signing: the ingredient records its dataHash.mismatch',
  definition('v2 edit of tampered', []), tamperedParent, { intent: 'edit' });
const tamperedV1 = alterPixels(v1);
await make('v1-parent-tampered.jpg', 'claim v1, parentOf ingredient whose manifest fails its hard binding (recorded in the v1 ingredient)',
  definition('v1 edit of tampered', [{ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.opened' }] } }]), tamperedV1,
  { claimVersion: 1, ingredients: [{ json: { title: 'tampered.jpg', relationship: 'parentOf' }, bytes: tamperedV1, file: 'tampered.jpg' }] });

// Update manifests: no hard binding of their own, the parentOf manifest's binding holds.
await make('v2-update.jpg', 'update manifest (intent update) over a claim v2 file', definition('update', []), v2, { intent: 'update' });
const withCreativeWork = await make('v2-with-creativework.jpg', 'claim v2 with a CreativeWork assertion (v2-update-redaction.jpg redacts it)',
  definition('cw', [created(), { label: 'stds.schema-org.CreativeWork',
    data: { '@context': 'http://schema.org/', '@type': 'CreativeWork', author: [{ '@type': 'Person', name: 'A. Person' }] } }]), jpg);
const withCreativeWorkLabel = await activeLabel(withCreativeWork, 'cw.jpg');
await make('v2-update-redaction.jpg', 'update manifest redacting the CreativeWork assertion of its parent', definition('redact', []), withCreativeWork,
  { intent: 'update', redactions: [`self#jumbf=/c2pa/${withCreativeWorkLabel}/c2pa.assertions/stds.schema-org.CreativeWork`] });
await make('v1-update.jpg', 'update manifest over a claim v1 file', definition('update v1', []), v1, { intent: 'update' });

// Remote manifests: the store is embedded and referenced from XMP, or only referenced.
await make('v2-remote-embedded.jpg', 'manifest embedded and also referenced by a remote URL in XMP', definition('remote', [created()]), jpg,
  { remote: 'https://example.com/manifests/remote-embedded.c2pa' });
await make('v2-remote-only.jpg', 'manifest not embedded: only the XMP dcterms:provenance URL', definition('remote only', [created()]), jpg,
  { remote: 'https://example.com/manifests/remote-only.c2pa', noEmbed: true });

// Signers outside the trust list, and one whose certificate has expired.
const untrusted = makeChain('Unlisted Lab', ['20250101000000Z', '20450101000000Z']);
await make('v2-untrusted.jpg', 'claim v2 signed by a CA not on the trust list', definition('untrusted', [created()]), jpg, { sign: untrusted });
// c2pa-rs refuses to sign with a certificate already expired, so this one expires a minute after signing: every
// validation from then on finds it expired (there is no time-stamp to vouch for the signing time).
const inAMinute = new Date(Date.now() + 60_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
const expired = makeChain('Expired Lab', ['20250101000000Z', inAMinute]);
await make('v2-expired.jpg', 'claim v2 signed by a certificate that expired one minute after signing (no time-stamp)', definition('expired', [created()]), jpg, { sign: expired });
await make('v1-untrusted.jpg', 'claim v1 signed by a CA not on the trust list', definition('untrusted v1', [created()]), jpg, { claimVersion: 1, sign: untrusted });
const untrustedBase = fs.readFileSync(path.join(outDir, 'v2-untrusted.jpg'));
await make('v2-parent-untrusted.jpg', 'claim v2 (trusted) whose parentOf ingredient was signed by an untrusted CA',
  definition('edit of untrusted', []), untrustedBase, { intent: 'edit' });

// Integrity failures on foreign shapes, so the corpus also holds what must be called tampered.
fs.writeFileSync(path.join(outDir, 'v1-created-pixels-altered.jpg'), alterPixels(v1));
descriptions.push('v1-created-pixels-altered.jpg\tv1-created.jpg with two scan bytes changed after signing');
fs.writeFileSync(path.join(outDir, 'v2-update-pixels-altered.jpg'), alterPixels(fs.readFileSync(path.join(outDir, 'v2-update.jpg'))));
descriptions.push('v2-update-pixels-altered.jpg\tv2-update.jpg with two scan bytes changed after signing (the parent\'s binding fails)');
fs.writeFileSync(path.join(outDir, 'v2-expired-pixels-altered.jpg'), alterPixels(fs.readFileSync(path.join(outDir, 'v2-expired.jpg'))));
descriptions.push('v2-expired-pixels-altered.jpg\tv2-expired.jpg with two scan bytes changed: a credential and an integrity failure');

fs.writeFileSync(path.join(outDir, 'corpus.txt'), descriptions.sort().join('\n') + '\n');
