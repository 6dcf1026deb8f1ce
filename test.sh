#!/usr/bin/env bash
# Runs every test: unit, service, interop with foreign gRPC clients and the reference C2PA validators.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
dotnet build ProvenanceService.sln -c Release -nologo -clp:ErrorsOnly
dotnet test ProvenanceService.sln -c Release --no-build -nologo
