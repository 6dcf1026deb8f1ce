#!/usr/bin/env bash
# Runs every test: unit, service, interop with foreign gRPC clients and the reference C2PA validators, then a
# deterministic fuzz sweep of every parser (the same inputs on every run; docs/robustness.md). Fuzz findings are
# also replayed as tests; long coverage-guided runs are scripts/fuzz.sh TARGET SECONDS.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
dotnet build ProvenanceService.sln -c Release -nologo -clp:ErrorsOnly
dotnet test ProvenanceService.sln -c Release --no-build -nologo
scripts/fuzz.sh sweep
