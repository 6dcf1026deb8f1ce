#!/usr/bin/env bash
# Starts the provenance service on embedded defaults: gRPC (h2c) on 127.0.0.1:50051, the verification page and
# HTTP/JSON API on http://127.0.0.1:8080/ (the service logs both addresses at start), SQLite at
# ./data/provenance.db (relative to the directory this is started from), the example keys in keys-example/.
# Extra arguments go to the service (e.g. --urls http://127.0.0.1:6000 --web-urls http://127.0.0.1:6080
# --data-dir /var/lib/provenance).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/scripts/setup.sh"
dotnet build "$here/src/ProvenanceService" -c Release -nologo -clp:ErrorsOnly -v quiet
# Run the built service directly: `dotnet run` would start a web project in its own folder, not here.
exec dotnet "$here/src/ProvenanceService/bin/Release/net10.0/ProvenanceService.dll" "$@"
