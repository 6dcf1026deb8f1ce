#!/usr/bin/env bash
# Starts the provenance service on embedded defaults: gRPC (h2c) on 127.0.0.1:50051, SQLite at
# ./data/provenance.db, the example keys in keys-example/. Extra arguments go to the service
# (e.g. --urls http://127.0.0.1:6000 --data-dir /var/lib/provenance).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec dotnet run --project src/ProvenanceService -c Release -- "$@"
