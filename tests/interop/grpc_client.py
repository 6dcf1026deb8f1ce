#!/usr/bin/python3
"""Drives a gRPC server with Debian's python3-grpcio (gRPC C-core), as an independent client implementation.

Message classes are built at run time from a FileDescriptorSet (--descriptors) that the xunit test writes from
the descriptors embedded by Grpc.Tools' protoc in the C# assemblies, so no Python code generation (and no old
protoc from python3-grpc-tools) is involved. Each case prints one JSON line with what it observed.

    /usr/bin/python3 grpc_client.py --target 127.0.0.1:PORT --suite echo|service --descriptors set.pb
"""
import argparse
import json
import sys
import threading

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


def echo_suite(channel, messages, tag):
    request_type = messages["echo.v1.EchoRequest"]
    response_type = messages["echo.v1.EchoResponse"]
    call_unary = unary(channel, "/echo.v1.Echo/Unary", request_type, response_type)
    binary = bytes([0, 1, 2, 250, 255])

    def unary_case():
        response, call = call_unary.with_call(
            request_type(text="python unary", payload=b"abc"),
            metadata=(("x-echo-ascii", "hello from grpcio"), ("x-echo-data-bin", binary)), timeout=10)
        headers = dict(call.initial_metadata())
        trailers = dict(call.trailing_metadata())
        seen = next((m for m in response.metadata if m.key == "x-echo-data-bin"), None)
        return {
            "code": 0, "text": response.text, "payload": response.payload.decode(),
            "server_saw_bin": seen.value_bytes.hex() if seen else "",
            "header_ascii": headers.get("x-echo-ascii"), "header_bin": headers.get("x-echo-data-bin", b"").hex(),
            "trailer_bin": trailers.get("x-echo-data-bin", b"").hex(), "response_encoding": trailers.get("x-response-encoding"),
        }
    run("unary", unary_case)

    def client_stream():
        stream = channel.stream_unary("/echo.v1.Echo/ClientStream", request_serializer=request_type.SerializeToString,
                                      response_deserializer=response_type.FromString)
        response = stream(iter([request_type(text=str(i), payload=bytes(i)) for i in range(10)]), timeout=10)
        return {"code": 0, "text": response.text, "received_messages": response.received_messages, "received_bytes": response.received_bytes}
    run("client_stream", client_stream)

    def server_stream():
        stream = channel.unary_stream("/echo.v1.Echo/ServerStream", request_serializer=request_type.SerializeToString,
                                      response_deserializer=response_type.FromString)
        return {"code": 0, "indexes": [r.index for r in stream(request_type(text="stream", repeat=25), timeout=10)]}
    run("server_stream", server_stream)

    def bidi():
        # Ping-pong: each request is produced only after the previous response arrived.
        answered = threading.Semaphore(0)

        def requests():
            for i in range(10):
                yield request_type(text=f"ping {i}")
                answered.acquire()
        stream = channel.stream_stream("/echo.v1.Echo/Bidi", request_serializer=request_type.SerializeToString,
                                       response_deserializer=response_type.FromString)
        received = []
        for response in stream(requests(), timeout=20):
            received.append(response)
            answered.release()
        return {"code": 0, "texts": [r.text for r in received], "indexes": [r.index for r in received]}
    run("bidi", bidi)

    run("deadline", lambda: status_of(lambda: call_unary(request_type(text=f"{tag}-deadline", delay_ms=30000), timeout=0.5)))
    run("unknown_method", lambda: raw_unary_status(channel, "/echo.v1.Echo/NoSuchMethod"))
    run("unknown_service", lambda: raw_unary_status(channel, "/no.such.Service/Unary"))
    run("oversize", lambda: status_of(lambda: call_unary(request_type(payload=bytes(2 * 1024 * 1024)), timeout=10)))
    run("error_status", lambda: status_of(lambda: call_unary(request_type(fail_code=9, fail_message="50% ✓ not ready"), timeout=10)))
    run("crash", lambda: status_of(lambda: call_unary(request_type(crash_with=f"{tag}-secret-detail"), timeout=10)))

    def gzip_unary():
        response, call = call_unary.with_call(request_type(payload=bytes([7]) * 100_000, response_size=100_000),
                                              compression=grpc.Compression.Gzip, timeout=10)
        trailers = dict(call.trailing_metadata())
        payload_ok = response.payload == bytes(i % 251 for i in range(100_000))
        return {"code": 0, "request_encoding": response.request_encoding, "response_encoding": trailers.get("x-response-encoding"), "payload_ok": payload_ok}
    run("gzip_unary", gzip_unary)

    def gzip_bidi():
        stream = channel.stream_stream("/echo.v1.Echo/Bidi", request_serializer=request_type.SerializeToString,
                                       response_deserializer=response_type.FromString)
        items = list(stream(iter([request_type(text=f"z{i}", payload=bytes([1]) * (20_000 * i)) for i in range(5)]),
                            compression=grpc.Compression.Gzip, timeout=10))
        return {"code": 0, "encodings": [m.request_encoding for m in items], "sizes": [len(m.payload) for m in items]}
    run("gzip_bidi", gzip_bidi)

    health_cases(channel, messages, ["", "echo.v1.Echo"])
    reflection_cases(channel, messages, "echo.v1.Echo")


def service_suite(channel, messages):
    health_cases(channel, messages, ["", "provenance.v1.Provenance"])
    reflection_cases(channel, messages, "provenance.v1.Provenance")
    media = bytes([0xFF, 0xD8, 0xFF, 0xE0])
    package = "provenance.v1."

    def call(method, request_name, response_name, request):
        return unary(channel, f"/provenance.v1.Provenance/{method}", messages[package + request_name], messages[package + response_name])(request, timeout=10)

    sign = messages[package + "SignRequest"](media=media)
    sign.generation.model_name = "interop"
    run("rpc:Sign", lambda: status_of(lambda: call("Sign", "SignRequest", "SignResponse", sign)))
    run("rpc:Verify", lambda: status_of(lambda: call("Verify", "VerifyRequest", "VerifyResponse", messages[package + "VerifyRequest"](media=media))))
    run("rpc:GetManifest", lambda: status_of(lambda: call("GetManifest", "GetManifestRequest", "GetManifestResponse",
                                                          messages[package + "GetManifestRequest"](id="urn:c2pa:00000000-0000-0000-0000-000000000000"))))
    run("rpc:ListReports", lambda: status_of(lambda: call("ListReports", "ListReportsRequest", "ListReportsResponse",
                                                          messages[package + "ListReportsRequest"](page_size=10))))

    def stream_requests(type_name, header_type):
        header = messages[package + type_name]()
        getattr(header, "header").CopyFrom(messages[package + header_type](mime_type="image/jpeg"))
        chunk = messages[package + type_name](chunk=media)
        return iter([header, chunk])

    verify_stream = channel.stream_unary("/provenance.v1.Provenance/VerifyStream",
                                         request_serializer=messages[package + "VerifyStreamRequest"].SerializeToString,
                                         response_deserializer=messages[package + "VerifyResponse"].FromString)
    run("rpc:VerifyStream", lambda: status_of(lambda: verify_stream(stream_requests("VerifyStreamRequest", "VerifyRequest"), timeout=10)))
    sign_stream = channel.stream_stream("/provenance.v1.Provenance/SignStream",
                                        request_serializer=messages[package + "SignStreamRequest"].SerializeToString,
                                        response_deserializer=messages[package + "SignStreamResponse"].FromString)
    run("rpc:SignStream", lambda: status_of(lambda: list(sign_stream(stream_requests("SignStreamRequest", "SignRequest"), timeout=10))))
    run("oversize", lambda: status_of(lambda: call("Verify", "VerifyRequest", "VerifyResponse",
                                                   messages[package + "VerifyRequest"](media=bytes(5 * 1024 * 1024)))))
    run("unknown_method", lambda: raw_unary_status(channel, "/provenance.v1.Provenance/NoSuchMethod"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--suite", required=True, choices=["echo", "service"])
    parser.add_argument("--descriptors", required=True)
    parser.add_argument("--tag", default="python")
    args = parser.parse_args()
    messages = Messages(args.descriptors)
    # Large sends are allowed so that the server's own limit is what is tested.
    options = [("grpc.enable_http_proxy", 0), ("grpc.max_send_message_length", -1), ("grpc.max_receive_message_length", 16 * 1024 * 1024)]
    with grpc.insecure_channel(args.target, options=options) as channel:
        if args.suite == "echo":
            echo_suite(channel, messages, args.tag)
        else:
            service_suite(channel, messages)
    emit({"case": "done"})


if __name__ == "__main__":
    main()
