#!/usr/bin/python3
"""Drives a gRPC server with Debian's python3-grpcio (gRPC C-core), as an independent client implementation.

Message classes are built at run time from a FileDescriptorSet (--descriptors) that the xunit test writes from
the descriptors embedded by Grpc.Tools' protoc in the C# assemblies, so no Python code generation (and no old
protoc from python3-grpc-tools) is involved. Each case prints one JSON line with what it observed.

    /usr/bin/python3 grpc_client.py --target 127.0.0.1:PORT --suite service --descriptors set.pb
"""
import argparse
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def emit(record):
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def run(name, body):
    try:
        emit({"case": name, **body()})
    except grpc.RpcError as error:
        emit({"case": name, "code": error.code().value[0], "details": error.details()})
    except Exception as error:  # noqa: BLE001 - report anything else as a failed case
        emit({"case": name, "code": None, "details": f"{type(error).__name__}: {error}"})


def status_of(body):
    try:
        body()
        return {"code": 0}
    except grpc.RpcError as error:
        return {"code": error.code().value[0], "details": error.details()}


class Messages:
    """Message classes by full name, from a serialized FileDescriptorSet."""

    def __init__(self, path):
        file_set = descriptor_pb2.FileDescriptorSet()
        with open(path, "rb") as handle:
            file_set.ParseFromString(handle.read())
        self.pool = descriptor_pool.DescriptorPool()
        for file_proto in file_set.file:  # dependencies first, as the test writes them
            self.pool.Add(file_proto)
        self.factory = message_factory.MessageFactory(self.pool)

    def __getitem__(self, full_name):
        return self.factory.GetPrototype(self.pool.FindMessageTypeByName(full_name))

    def enum_name(self, full_name, value):
        return self.pool.FindEnumTypeByName(full_name).values_by_number[value].name


def unary(channel, path, request_type, response_type):
    return channel.unary_unary(path, request_serializer=request_type.SerializeToString, response_deserializer=response_type.FromString)


def health_cases(channel, messages, services):
    request_type = messages["grpc.health.v1.HealthCheckRequest"]
    response_type = messages["grpc.health.v1.HealthCheckResponse"]
    check = unary(channel, "/grpc.health.v1.Health/Check", request_type, response_type)
    for service in services:
        run(f"health_check:{service}", lambda service=service: {
            "code": 0,
            "status": response_type.ServingStatus.Name(check(request_type(service=service), timeout=10).status),
        })
    run("health_check_unknown", lambda: status_of(lambda: check(request_type(service="no.such.Service"), timeout=10)))

    def watch():
        stream = channel.unary_stream("/grpc.health.v1.Health/Watch", request_serializer=request_type.SerializeToString,
                                      response_deserializer=response_type.FromString)(request_type(service=""), timeout=10)
        first = next(stream)
        stream.cancel()
        return {"code": 0, "status": response_type.ServingStatus.Name(first.status)}
    run("health_watch", watch)


def reflection_cases(channel, messages, symbol):
    request_type = messages["grpc.reflection.v1alpha.ServerReflectionRequest"]
    response_type = messages["grpc.reflection.v1alpha.ServerReflectionResponse"]
    info = channel.stream_stream("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                 request_serializer=request_type.SerializeToString, response_deserializer=response_type.FromString)

    def ask(request):
        return list(info(iter([request]), timeout=10))[0]

    def listing():
        response = ask(request_type(list_services=""))
        return {"code": 0, "services": sorted(s.name for s in response.list_services_response.service)}
    run("reflection_list", listing)

    def by_symbol():
        response = ask(request_type(file_containing_symbol=symbol))
        files = [descriptor_pb2.FileDescriptorProto.FromString(b) for b in response.file_descriptor_response.file_descriptor_proto]
        # The answer must be complete: build a fresh pool from it alone, dependencies first.
        pool = descriptor_pool.DescriptorPool()
        for file_proto in reversed(files):
            pool.Add(file_proto)
        service = pool.FindServiceByName(symbol)
        return {"code": 0, "files": [f.name for f in files], "services": [service.full_name], "methods": [m.name for m in service.methods]}
    run("reflection_symbol", by_symbol)

    def unknown():
        response = ask(request_type(file_containing_symbol="no.such.Symbol"))
        return {"code": 0, "error_code": response.error_response.error_code}
    run("reflection_unknown", unknown)


def raw_unary_status(channel, path):
    return status_of(lambda: channel.unary_unary(path)(b"", timeout=10))


def service_suite(channel, messages, photo, generator_key, auditor_key):
    """The provenance service's own RPCs with real images and keys, plus the protocol cases against it."""
    health_cases(channel, messages, ["", "provenance.v1.Provenance"])
    reflection_cases(channel, messages, "provenance.v1.Provenance")
    package = "provenance.v1."
    with open(photo, "rb") as f:
        media = f.read()
    generator = [("authorization", "Bearer " + generator_key)]
    auditor = [("authorization", "Bearer " + auditor_key)]

    def call(method, request_name, response_name, request, **kwargs):
        stub = unary(channel, f"/provenance.v1.Provenance/{method}", messages[package + request_name], messages[package + response_name])
        return stub(request, timeout=kwargs.pop("timeout", 60), **kwargs)

    def sign_request():
        request = messages[package + "SignRequest"](media=media)
        request.generation.model_name = "interop-python"
        return request

    signed = {}

    def sign():
        # gzip-compressed request: the service must inflate it (and answers in kind).
        response = call("Sign", "SignRequest", "SignResponse", sign_request(), metadata=generator, compression=grpc.Compression.Gzip)
        signed["media"] = response.media
        signed["watermark_id"] = response.watermark_id
        return {"code": 0, "manifest_id": response.manifest_id, "watermark_id": response.watermark_id,
                "mime_type": response.mime_type, "bytes": len(response.media)}
    run("sign", sign)
    run("sign_unauthenticated", lambda: status_of(lambda: call("Sign", "SignRequest", "SignResponse", sign_request())))

    def verdict_of(response):
        return {"code": 0, "verdict": messages.enum_name(package + "Verdict", response.verdict),
                "aigc_label": messages.enum_name(package + "AigcLabel", response.aigc_label),
                "watermark_id": response.watermark.id, "report_id": response.report_id}

    run("verify_signed", lambda: verdict_of(call("Verify", "VerifyRequest", "VerifyResponse",
                                                 messages[package + "VerifyRequest"](media=signed["media"]))))
    run("verify_unsigned", lambda: verdict_of(call("Verify", "VerifyRequest", "VerifyResponse",
                                                   messages[package + "VerifyRequest"](media=media))))

    def chunks(type_name, header):
        first = messages[package + type_name]()
        first.header.CopyFrom(header)
        yield first
        data = signed["media"] if type_name == "VerifyStreamRequest" else media
        for offset in range(0, len(data), 65536):
            yield messages[package + type_name](chunk=data[offset:offset + 65536])

    verify_stream = channel.stream_unary("/provenance.v1.Provenance/VerifyStream",
                                         request_serializer=messages[package + "VerifyStreamRequest"].SerializeToString,
                                         response_deserializer=messages[package + "VerifyResponse"].FromString)
    run("verify_stream", lambda: verdict_of(verify_stream(chunks("VerifyStreamRequest", messages[package + "VerifyRequest"]()), timeout=60)))

    sign_stream = channel.stream_stream("/provenance.v1.Provenance/SignStream",
                                        request_serializer=messages[package + "SignStreamRequest"].SerializeToString,
                                        response_deserializer=messages[package + "SignStreamResponse"].FromString)

    def sign_streamed():
        header = messages[package + "SignRequest"]()
        header.generation.model_name = "interop-python-stream"
        parts = list(sign_stream(chunks("SignStreamRequest", header), timeout=60, metadata=generator))
        body = b"".join(p.chunk for p in parts[1:])
        return {"code": 0, "header_first": parts[0].WhichOneof("part") == "header", "manifest_id": parts[0].header.manifest_id,
                "bytes": len(body), "header_media_empty": len(parts[0].header.media) == 0}
    run("sign_stream", sign_streamed)

    def get_manifest():
        response = call("GetManifest", "GetManifestRequest", "GetManifestResponse",
                        messages[package + "GetManifestRequest"](id=signed["watermark_id"]))
        return {"code": 0, "manifest_id": response.manifest_id, "watermark_id": response.watermark_id}
    run("get_manifest", get_manifest)

    def list_reports():
        response = call("ListReports", "ListReportsRequest", "ListReportsResponse",
                        messages[package + "ListReportsRequest"](page_size=50), metadata=auditor)
        return {"code": 0, "report_ids": [r.report_id for r in response.reports]}
    run("list_reports", list_reports)
    run("list_reports_unauthenticated", lambda: status_of(lambda: call("ListReports", "ListReportsRequest", "ListReportsResponse",
                                                                       messages[package + "ListReportsRequest"]())))
    run("deadline", lambda: status_of(lambda: call("Verify", "VerifyRequest", "VerifyResponse",
                                                   messages[package + "VerifyRequest"](media=media), timeout=0.001)))
    run("oversize", lambda: status_of(lambda: call("Verify", "VerifyRequest", "VerifyResponse",
                                                   messages[package + "VerifyRequest"](media=bytes(5 * 1024 * 1024)))))
    run("unknown_method", lambda: raw_unary_status(channel, "/provenance.v1.Provenance/NoSuchMethod"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--suite", required=True, choices=["service"])
    parser.add_argument("--descriptors", required=True)
    parser.add_argument("--tag", default="python")
    parser.add_argument("--photo")
    parser.add_argument("--generator-key")
    parser.add_argument("--auditor-key")
    args = parser.parse_args()
    messages = Messages(args.descriptors)
    # Large sends are allowed so that the server's own limit is what is tested.
    options = [("grpc.enable_http_proxy", 0), ("grpc.max_send_message_length", -1), ("grpc.max_receive_message_length", 16 * 1024 * 1024)]
    with grpc.insecure_channel(args.target, options=options) as channel:
        service_suite(channel, messages, args.photo, args.generator_key, args.auditor_key)
    emit({"case": "done"})


if __name__ == "__main__":
    main()
