// Drives a gRPC server with grpc-js, as an independent client implementation. Each case prints one JSON line
// with what it observed (status codes, values); the xunit tests assert on them.
//   node grpc-client.mjs --target 127.0.0.1:PORT --suite service --photo F --generator-key K --auditor-key K
//                                                                  the provenance service
import fs from 'node:fs';
import { grpc, grpcStatus, argument, emit, loadHealth, loadReflection, loadProvenance, FileDescriptorProto } from './grpc-common.mjs';

const target = argument('target');
const suite = argument('suite');
const tag = argument('tag', 'node');
const insecure = grpc.credentials.createInsecure();
const deadlineIn = (ms) => new Date(Date.now() + ms);

async function run(name, body) {
  try {
    emit({ case: name, ...(await body()) });
  } catch (error) {
    emit({ case: name, code: error.code ?? null, details: error.details ?? String(error.message ?? error) });
  }
}

// Promisified unary call that also captures response headers and trailers. grpc-js calls the callback before
// it emits 'status', so the promise settles on whichever of the two comes last.
function unary(client, method, request, metadata = new grpc.Metadata(), options = {}) {
  return new Promise((resolve, reject) => {
    const observed = {};
    let outcome = null;
    let status = null;
    const settle = () => {
      if (!outcome || !status) return;
      if (outcome.error) reject(outcome.error);
      else resolve({ response: outcome.response, ...observed, trailers: status.metadata, code: status.code });
    };
    const call = client[method](request, metadata, options, (error, response) => {
      outcome = { error, response };
      settle();
    });
    call.on('metadata', (headers) => { observed.headers = headers; });
    call.on('status', (received) => { status = received; settle(); });
  });
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const items = [];
    stream.on('data', (item) => items.push(item));
    stream.on('error', reject);
    stream.on('end', () => resolve(items));
  });
}

function statusOf(promise) {
  return promise.then(() => ({ code: grpcStatus.OK }), (error) => ({ code: error.code, details: error.details }));
}

function rawUnary(client, path, bytes = Buffer.alloc(0)) {
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, (b) => b, (b) => b, bytes, (error) =>
      resolve(error ? { code: error.code, details: error.details } : { code: grpcStatus.OK }));
  });
}

async function healthCases(health, services) {
  for (const service of services) {
    await run(`health_check:${service}`, async () => {
      const { response } = await unary(health, 'Check', { service });
      return { code: grpcStatus.OK, status: response.status };
    });
  }
  await run('health_check_unknown', () => statusOf(unary(health, 'Check', { service: 'no.such.Service' })));
  await run('health_watch', () => new Promise((resolve, reject) => {
    const call = health.Watch({ service: '' });
    call.on('data', (message) => { resolve({ code: grpcStatus.OK, status: message.status }); call.cancel(); });
    call.on('error', (error) => { if (error.code !== grpcStatus.CANCELLED) reject(error); });
  }));
}

async function reflectionCases(reflection, symbol) {
  const ask = (request) => new Promise((resolve, reject) => {
    const call = reflection.ServerReflectionInfo();
    call.on('data', (response) => { resolve(response); call.end(); });
    call.on('error', reject);
    call.write(request);
  });
  await run('reflection_list', async () => {
    const response = await ask({ list_services: '' });
    return { code: grpcStatus.OK, services: response.list_services_response.service.map((s) => s.name).sort() };
  });
  await run('reflection_symbol', async () => {
    const response = await ask({ file_containing_symbol: symbol });
    const files = response.file_descriptor_response.file_descriptor_proto.map((bytes) => FileDescriptorProto.decode(bytes));
    const first = files[0];
    return {
      code: grpcStatus.OK,
      files: files.map((f) => f.name),
      services: first.service.map((s) => `${first.package}.${s.name}`),
      methods: first.service.flatMap((s) => s.method.map((m) => m.name)),
    };
  });
  await run('reflection_unknown', async () => {
    const response = await ask({ file_containing_symbol: 'no.such.Symbol' });
    return { code: grpcStatus.OK, error_code: response.error_response?.error_code ?? null };
  });
}

function collectEnd(call) {
  return new Promise((resolve, reject) => {
    call.on('error', reject);
    call.on('end', resolve);
  });
}

// The provenance service's own RPCs with a real photo and the example keys, plus protocol cases against it.
async function serviceSuite() {
  const provenance = loadProvenance();
  const client = new provenance.Provenance(target, insecure);
  // A second channel that gzip-compresses its requests (grpc-js: 2 = gzip).
  const gzipClient = new provenance.Provenance(target, insecure, { 'grpc.default_compression_algorithm': 2 });
  const generator = new grpc.Metadata();
  generator.set('authorization', `Bearer ${argument('generator-key')}`);
  const auditor = new grpc.Metadata();
  auditor.set('authorization', `Bearer ${argument('auditor-key')}`);
  const media = fs.readFileSync(argument('photo'));
  const within = (ms) => ({ deadline: deadlineIn(ms) });

  await healthCases(new (loadHealth().Health)(target, insecure), ['', 'provenance.v1.Provenance']);
  await reflectionCases(new (loadReflection().ServerReflection)(target, insecure), 'provenance.v1.Provenance');

  const signed = {};
  await run('sign', async () => {
    const { response } = await unary(gzipClient, 'Sign', { media, generation: { model_name: 'interop-node' } }, generator, within(60000));
    signed.media = response.media;
    signed.watermarkId = response.watermark_id;
    return { code: grpcStatus.OK, manifest_id: response.manifest_id, watermark_id: response.watermark_id, mime_type: response.mime_type, bytes: response.media.length };
  });
  await run('sign_unauthenticated', () => statusOf(unary(client, 'Sign', { media, generation: { model_name: 'interop-node' } })));

  const verdictOf = (response) => ({
    code: grpcStatus.OK, verdict: response.verdict, aigc_label: response.aigc_label, watermark_id: response.watermark.id, report_id: response.report_id,
  });
  await run('verify_signed', async () => verdictOf((await unary(client, 'Verify', { media: signed.media }, new grpc.Metadata(), within(60000))).response));
  await run('verify_unsigned', async () => verdictOf((await unary(client, 'Verify', { media }, new grpc.Metadata(), within(60000))).response));

  const chunked = (data) => {
    const parts = [];
    for (let offset = 0; offset < data.length; offset += 65536) parts.push(data.subarray(offset, offset + 65536));
    return parts;
  };
  await run('verify_stream', async () => verdictOf(await new Promise((resolve, reject) => {
    const call = client.VerifyStream(new grpc.Metadata(), within(60000), (error, response) => (error ? reject(error) : resolve(response)));
    call.write({ header: {} });
    for (const chunk of chunked(signed.media)) call.write({ chunk });
    call.end();
  })));
  await run('sign_stream', async () => {
    const call = client.SignStream(generator, within(60000));
    const received = collect(call);
    call.write({ header: { generation: { model_name: 'interop-node-stream' } } });
    for (const chunk of chunked(media)) call.write({ chunk });
    call.end();
    const parts = await received;
    const body = Buffer.concat(parts.slice(1).map((p) => p.chunk));
    return {
      code: grpcStatus.OK, header_first: parts[0].part === 'header', manifest_id: parts[0].header.manifest_id,
      bytes: body.length, header_media_empty: parts[0].header.media.length === 0,
    };
  });
  await run('get_manifest', async () => {
    const { response } = await unary(client, 'GetManifest', { id: signed.watermarkId });
    return { code: grpcStatus.OK, manifest_id: response.manifest_id, watermark_id: response.watermark_id };
  });
  await run('list_reports', async () => {
    const { response } = await unary(client, 'ListReports', { page_size: 50 }, auditor);
    return { code: grpcStatus.OK, report_ids: response.reports.map((r) => r.report_id) };
  });
  await run('list_reports_unauthenticated', () => statusOf(unary(client, 'ListReports', {})));
  await run('deadline', () => statusOf(unary(client, 'Verify', { media }, new grpc.Metadata(), within(1))));
  await run('oversize', () => statusOf(unary(client, 'Verify', { media: Buffer.alloc(5 * 1024 * 1024) })));
  await run('unknown_method', () => rawUnary(client, '/provenance.v1.Provenance/NoSuchMethod'));
}

if (suite === 'service') await serviceSuite();
else throw new Error(`unknown suite ${suite}`);
emit({ case: 'done' });
process.exit(0);
