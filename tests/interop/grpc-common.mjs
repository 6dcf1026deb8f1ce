// Used by grpc-client.mjs: loading the .proto files with @grpc/proto-loader and
// small helpers. The tests (xunit) start these scripts and read one JSON object per line from stdout.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const protoRoot = path.join(repoRoot, 'proto');
// grpc.health.v1 and grpc.reflection.v1alpha as the gRPC project publishes them; the service gets its own copies
// from the Grpc.HealthCheck and Grpc.Reflection packages.
export const wellKnownProtoRoot = path.join(here, 'protos');

// protobufjs (a dependency of proto-loader) can decode FileDescriptorProto, for reflection answers.
const descriptorExt = require('protobufjs/ext/descriptor');
export const FileDescriptorProto = descriptorExt.FileDescriptorProto;

const loaderOptions = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export function load(file, includeDirs) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(file, { ...loaderOptions, includeDirs }));
}

export function loadHealth() {
  return load('grpc/health/v1/health.proto', [wellKnownProtoRoot]).grpc.health.v1;
}

export function loadReflection() {
  return load('grpc/reflection/v1alpha/reflection.proto', [wellKnownProtoRoot]).grpc.reflection.v1alpha;
}

export function loadProvenance() {
  return load('provenance/v1/provenance.proto', [protoRoot]).provenance.v1;
}

export function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0 || index + 1 >= process.argv.length) {
    if (fallback !== undefined) return fallback;
    throw new Error(`missing --${name}`);
  }
  return process.argv[index + 1];
}


export function emit(record) {
  process.stdout.write(JSON.stringify(record) + '\n');
}

export const grpcStatus = grpc.status;
export { grpc };
