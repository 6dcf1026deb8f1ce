#!/usr/bin/env bash
# Runs every test: unit, service, interop with foreign gRPC clients and the reference C2PA validators, then a
# short coverage-guided fuzz run of every parser (docs/robustness.md has the command for long runs).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test --fuzz
dotnet build ProvenanceService.sln -c Release -nologo -clp:ErrorsOnly
dotnet test ProvenanceService.sln -c Release --no-build -nologo
# A few seconds per target, two at once. The hang bound is wide here: a test machine may be loaded, and an input
# is only a finding when it is slow on its own (replayed by FuzzRegressionTests).
FUZZ_JOBS=2 FUZZ_TIMEOUT_MS=10000 scripts/fuzz.sh all "${FUZZ_SECONDS:-10}"
