// Signs an asset with @contentauth/c2pa-node (c2pa-rs), so the project's validator can be tested on manifests
// written by the reference implementation with keys of our choosing.
//
//   node c2pa-sign.mjs --chain CHAIN.pem --key KEY.pem --alg es256|ps256|ed25519 --in INPUT --out OUTPUT
import fs from 'node:fs';
import path from 'node:path';

const mimeTypes = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp',
  '.mp4': 'video/mp4', '.mov': 'video/quicktime', '.m4a': 'audio/mp4', '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.flac': 'audio/flac' };

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    options[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  for (const required of ['chain', 'key', 'alg', 'in', 'out']) {
    if (!options[required]) {
      throw new Error(`missing --${required}`);
    }
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
const { Builder, LocalSigner } = await import('@contentauth/c2pa-node');
const builder = Builder.withJson({
  claim_generator_info: [{ name: 'provenance interop test', version: '1.0.0' }],
  title: path.basename(options.out),
  assertions: [
    {
      label: 'c2pa.actions',
      data: { actions: [{ action: 'c2pa.created', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture' }] },
    },
  ],
});
const signer = LocalSigner.newSigner(fs.readFileSync(options.chain), fs.readFileSync(options.key), options.alg);
const mimeType = mimeTypes[path.extname(options.in).toLowerCase()];
builder.sign(signer, { buffer: fs.readFileSync(options.in), mimeType }, { path: options.out });
