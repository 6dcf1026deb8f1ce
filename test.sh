#!/usr/bin/env bash
# Runs every test: unit, service, interop with foreign gRPC clients and the reference C2PA validators. Fuzz
# findings are replayed as tests; fuzzing itself is scripts/fuzz.sh (docs/robustness.md).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
dotnet build ProvenanceService.sln -c Release -nologo -clp:ErrorsOnly
dotnet test ProvenanceService.sln -c Release --no-build -nologo
