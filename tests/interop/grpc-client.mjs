// Drives a gRPC server with grpc-js, as an independent client implementation. Each case prints one JSON line
// with what it observed (status codes, values); the xunit tests assert on them.
//   node grpc-client.mjs --target 127.0.0.1:PORT --suite echo      the C# echo test host
//   node grpc-client.mjs --target 127.0.0.1:PORT --suite service   the provenance service
import { grpc, grpcStatus, argument, emit, hex, loadEcho, loadHealth, loadReflection, loadProvenance, FileDescriptorProto } from './grpc-common.mjs';

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

async function echoSuite() {
  const echo = loadEcho();
  const client = new echo.Echo(target, insecure);
  const gzipClient = new echo.Echo(target, insecure, { 'grpc.default_compression_algorithm': 2 });
  const binary = Buffer.from([0, 1, 2, 250, 255]);

  await run('unary', async () => {
    const metadata = new grpc.Metadata();
    metadata.add('x-echo-ascii', 'hello from grpc-js');
    metadata.add('x-echo-data-bin', binary);
    const { response, headers, trailers } = await unary(client, 'Unary', { text: 'node unary', payload: Buffer.from('abc') }, metadata);
    const seen = response.metadata.find((m) => m.key === 'x-echo-data-bin');
    return {
      code: grpcStatus.OK,
      text: response.text,
      payload: response.payload.toString(),
      server_saw_bin: hex(seen?.value_bytes),
      header_ascii: headers.get('x-echo-ascii')[0] ?? null,
      header_bin: hex(headers.get('x-echo-data-bin')[0]),
      trailer_bin: hex(trailers.get('x-echo-data-bin')[0]),
      response_encoding: trailers.get('x-response-encoding')[0] ?? null,
    };
  });

  await run('client_stream', async () => {
    const response = await new Promise((resolve, reject) => {
      const call = client.ClientStream((error, message) => (error ? reject(error) : resolve(message)));
      for (let i = 0; i < 10; i++) call.write({ text: String(i), payload: Buffer.alloc(i) });
      call.end();
    });
    return { code: grpcStatus.OK, text: response.text, received_messages: response.received_messages, received_bytes: Number(response.received_bytes) };
  });

  await run('server_stream', async () => {
    const items = await collect(client.ServerStream({ text: 'stream', repeat: 25 }));
    return { code: grpcStatus.OK, indexes: items.map((i) => i.index) };
  });

  await run('bidi', async () => {
    const call = client.Bidi();
    const received = [];
    const waiting = [];
    call.on('data', (message) => { received.push(message); waiting.shift()?.(); });
    const ended = collectEnd(call);
    for (let i = 0; i < 10; i++) {
      const next = new Promise((resolve) => waiting.push(resolve));
      call.write({ text: `ping ${i}` });
      await next; // ping-pong: the next request only goes out once its predecessor was answered
    }
    call.end();
    await ended;
    return { code: grpcStatus.OK, texts: received.map((m) => m.text), indexes: received.map((m) => m.index) };
  });

  await run('deadline', () => statusOf(unary(client, 'Unary', { text: `${tag}-deadline`, delay_ms: 30000 }, new grpc.Metadata(), { deadline: deadlineIn(500) })));

  await run('unknown_method', () => rawUnary(client, '/echo.v1.Echo/NoSuchMethod'));
  await run('unknown_service', () => rawUnary(client, '/no.such.Service/Unary'));

  await run('oversize', () => statusOf(unary(client, 'Unary', { payload: Buffer.alloc(2 * 1024 * 1024) })));

  await run('error_status', () => statusOf(unary(client, 'Unary', { fail_code: 9, fail_message: '50% ✓ not ready' })));

  await run('crash', () => statusOf(unary(client, 'Unary', { crash_with: `${tag}-secret-detail` })));

  await run('gzip_unary', async () => {
    const payload = Buffer.alloc(100_000, 7);
    const { response, trailers } = await unary(gzipClient, 'Unary', { payload, response_size: 100_000 });
    return {
      code: grpcStatus.OK,
      request_encoding: response.request_encoding,
      response_encoding: trailers.get('x-response-encoding')[0] ?? null,
      payload_ok: response.payload.length === 100_000 && response.payload.every((b, i) => b === i % 251),
    };
  });

  await run('gzip_bidi', async () => {
    const call = gzipClient.Bidi();
    const done = collect(call);
    for (let i = 0; i < 5; i++) call.write({ text: `z${i}`, payload: Buffer.alloc(20_000 * i, 1) });
    call.end();
    const items = await done;
    return { code: grpcStatus.OK, encodings: items.map((m) => m.request_encoding), sizes: items.map((m) => m.payload.length) };
  });

  await healthCases(new (loadHealth().Health)(target, insecure), ['', 'echo.v1.Echo']);
  await reflectionCases(new (loadReflection().ServerReflection)(target, insecure), 'echo.v1.Echo');
}

function collectEnd(call) {
  return new Promise((resolve, reject) => {
    call.on('error', reject);
    call.on('end', resolve);
  });
}

async function serviceSuite() {
  const provenance = loadProvenance();
  const client = new provenance.Provenance(target, insecure);

  await healthCases(new (loadHealth().Health)(target, insecure), ['', 'provenance.v1.Provenance']);
  await reflectionCases(new (loadReflection().ServerReflection)(target, insecure), 'provenance.v1.Provenance');

  const media = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  await run('rpc:Sign', () => statusOf(unary(client, 'Sign', { media, generation: { model_name: 'interop' } })));
  await run('rpc:Verify', () => statusOf(unary(client, 'Verify', { media })));
  await run('rpc:GetManifest', () => statusOf(unary(client, 'GetManifest', { id: 'urn:c2pa:00000000-0000-0000-0000-000000000000' })));
  await run('rpc:ListReports', () => statusOf(unary(client, 'ListReports', { page_size: 10 })));
  await run('rpc:VerifyStream', () => statusOf(new Promise((resolve, reject) => {
    const call = client.VerifyStream((error, response) => (error ? reject(error) : resolve(response)));
    call.write({ header: { mime_type: 'image/jpeg' } });
    call.write({ chunk: media });
    call.end();
  })));
  await run('rpc:SignStream', () => statusOf(new Promise((resolve, reject) => {
    const call = client.SignStream();
    call.on('data', () => {});
    call.on('error', reject);
    call.on('end', resolve);
    call.write({ header: { mime_type: 'image/jpeg' } });
    call.write({ chunk: media });
    call.end();
  })));
  await run('oversize', () => statusOf(unary(client, 'Verify', { media: Buffer.alloc(5 * 1024 * 1024) })));
  await run('unknown_method', () => rawUnary(client, '/provenance.v1.Provenance/NoSuchMethod'));
}

if (suite === 'echo') await echoSuite();
else if (suite === 'service') await serviceSuite();
else throw new Error(`unknown suite ${suite}`);
emit({ case: 'done' });
process.exit(0);
