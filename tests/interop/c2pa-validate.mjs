// Validates files with the two builds of the C2PA reference implementation that package.json pins:
// @contentauth/c2pa-node (native) and @contentauth/c2pa-wasm (WebAssembly). The xunit interop tests call it once
// per batch of files, so both validators load once.
//
//   node c2pa-validate.mjs --trust ANCHORS.pem --ekus EKUS.cfg FILE...
//
// Writes one JSON object per file and validator to stdout:
//   {"file": PATH, "validator": "c2pa-node"|"c2pa-wasm", "state": "Trusted"|"Valid"|"Invalid"|null,
//    "failure": [codes], "informational": [codes], "success": [codes],
//    "ingredientDeltas": [{"uri": INGREDIENT ASSERTION URI, "failure": [codes], "informational": [codes], "success": [codes]}],
//    "error": MESSAGE?}
// "state" is null with "error" when a validator returns no report (no manifest, or it refused the file).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function parseArguments(argv) {
  const options = { trust: null, ekus: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--trust': options.trust = fs.readFileSync(argv[++i], 'utf8'); break;
      case '--ekus': options.ekus = fs.readFileSync(argv[++i], 'utf8'); break;
      default: options.files.push(argv[i]);
    }
  }
  return options;
}

const mimeTypes = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp',
  '.mp4': 'video/mp4', '.mov': 'video/quicktime', '.m4a': 'audio/mp4',
  '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.flac': 'audio/flac' };
const mimeOf = file => mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

// Both builds take the same settings document: trust the given anchors for the given EKUs, never go online.
function settingsFor(options) {
  const settings = {
    verify: { verify_after_reading: true, verify_trust: options.trust !== null, remote_manifest_fetch: false, ocsp_fetch: false },
  };
  if (options.trust !== null) {
    settings.trust = { trust_anchors: options.trust, ...(options.ekus !== null ? { trust_config: options.ekus } : {}) };
  }
  return settings;
}

function codes(list) {
  return (list ?? []).map(status => status.code);
}

function summarize(report) {
  const active = report?.validation_results?.activeManifest ?? {};
  return {
    state: report?.validation_state ?? null,
    failure: codes(active.failure),
    informational: codes(active.informational),
    success: codes(active.success),
    ingredientDeltas: (report?.validation_results?.ingredientDeltas ?? []).map(delta => ({
      uri: delta.ingredientAssertionURI,
      failure: codes(delta.validationDeltas?.failure),
      informational: codes(delta.validationDeltas?.informational),
      success: codes(delta.validationDeltas?.success),
    })),
  };
}

function emit(file, validator, fields) {
  process.stdout.write(JSON.stringify({ file, validator, ...fields }) + '\n');
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const settings = settingsFor(options);
  const { Reader } = await import('@contentauth/c2pa-node');
  const wasm = await import('@contentauth/c2pa-wasm');
  wasm.initSync({ module: fs.readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });

  for (const file of options.files) {
    const bytes = fs.readFileSync(file);
    try {
      const reader = await Reader.fromAsset({ buffer: bytes, mimeType: mimeOf(file) }, settings);
      if (!reader) {
        emit(file, 'c2pa-node', { state: null, error: 'no manifest' });
      } else {
        const json = reader.json();
        emit(file, 'c2pa-node', summarize(typeof json === 'string' ? JSON.parse(json) : json));
      }
    } catch (error) {
      emit(file, 'c2pa-node', { state: null, error: String(error?.message ?? error) });
    }
    try {
      const reader = await wasm.WasmReader.fromBytes(mimeOf(file), new Uint8Array(bytes), JSON.stringify(settings));
      emit(file, 'c2pa-wasm', summarize(JSON.parse(reader.json())));
    } catch (error) {
      emit(file, 'c2pa-wasm', { state: null, error: String(error?.message ?? error) });
    }
  }
}

await main();
