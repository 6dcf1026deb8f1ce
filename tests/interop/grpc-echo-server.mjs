// The echo service (tests/Provenance.Grpc.Tests/Protos/echo/v1/echo.proto) served by grpc-js, so that our C#
// client is tested against an independent server. Same behaviour as the C# test host's EchoService, except
// that grpc-js never compresses responses. Prints {"port": N} once listening; exits when stdin closes.
import { grpc, loadEcho, emit } from './grpc-common.mjs';

const echo = loadEcho();

function echoMetadata(call) {
  const headers = new grpc.Metadata();
  const trailers = new grpc.Metadata();
  for (const [key, values] of Object.entries(call.metadata.getMap())) {
    if (!key.startsWith('x-echo-')) continue;
    for (const value of call.metadata.get(key)) {
      headers.add(key, value);
      trailers.add(key, value);
    }
  }
  call.sendMetadata(headers);
  return trailers;
}

function seenMetadata(call) {
  const entries = [];
  for (const key of Object.keys(call.metadata.getMap())) {
    for (const value of call.metadata.get(key)) {
      entries.push(Buffer.isBuffer(value) ? { key, value: '', value_bytes: value } : { key, value, value_bytes: Buffer.alloc(0) });
    }
  }
  return entries;
}

function pattern(size) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 251;
  return bytes;
}

function respond(request, call, index) {
  return {
    text: request.text,
    index,
    payload: request.response_size > 0 ? pattern(request.response_size) : request.payload,
    request_encoding: call.metadata.get('grpc-encoding')[0] ?? '',
    peer: call.getPeer(),
    metadata: seenMetadata(call),
  };
}

function failure(request, trailers) {
  if (request.crash_with) {
    return { code: grpc.status.UNKNOWN, details: 'handler crashed', metadata: trailers };
  }
  if (request.fail_code) {
    trailers.add('x-failure-reason', 'asked');
    return { code: request.fail_code, details: request.fail_message, metadata: trailers };
  }
  return null;
}

const delay = (ms, call) => new Promise((resolve, reject) => {
  if (!ms) return resolve();
  const timer = setTimeout(resolve, ms);
  call.on('cancelled', () => { clearTimeout(timer); reject(new Error('cancelled')); });
});

const server = new grpc.Server();
server.addService(echo.Echo.service, {
  async Unary(call, callback) {
    const trailers = echoMetadata(call);
    try { await delay(call.request.delay_ms, call); } catch { return; }
    const failed = failure(call.request, trailers);
    if (failed) return callback(failed);
    callback(null, respond(call.request, call, 0), trailers);
  },
  ClientStream(call, callback) {
    const trailers = echoMetadata(call);
    const texts = [];
    let bytes = 0;
    let failed = null;
    call.on('data', (request) => {
      failed ??= failure(request, trailers);
      texts.push(request.text);
      bytes += request.payload.length;
    });
    call.on('end', () => {
      if (failed) return callback(failed);
      const response = respond({ text: texts.join(','), payload: Buffer.alloc(0) }, call, 0);
      callback(null, { ...response, received_messages: texts.length, received_bytes: String(bytes) }, trailers);
    });
  },
  async ServerStream(call) {
    const trailers = echoMetadata(call);
    for (let i = 0; i < call.request.repeat; i++) {
      try { await delay(call.request.delay_ms, call); } catch { return; }
      call.write(respond(call.request, call, i));
    }
    const failed = failure(call.request, trailers);
    if (failed) return call.emit('error', failed);
    call.end(trailers);
  },
  Bidi(call) {
    const trailers = echoMetadata(call);
    let index = 0;
    let queue = Promise.resolve();
    call.on('data', (request) => {
      queue = queue.then(async () => {
        await delay(request.delay_ms, call);
        const failed = failure(request, trailers);
        if (failed) return call.emit('error', failed);
        call.write(respond(request, call, index++));
      }).catch(() => {});
    });
    call.on('end', () => queue.then(() => call.end(trailers)));
  },
});

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    emit({ error: error.message });
    process.exit(1);
  }
  emit({ port });
});

process.stdin.resume();
process.stdin.on('end', () => server.tryShutdown(() => process.exit(0)));
process.on('SIGTERM', () => server.forceShutdown() || process.exit(0));
