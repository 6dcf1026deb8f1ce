#!/usr/bin/env bash
# Runs a command ahead of the machine's other jobs, for benchmarks on a shared machine:
#   scripts/priority.sh dotnet tests/Provenance.Benchmarks/bin/Release/net10.0/Provenance.Benchmarks.dll audio 7
# Linux groups threads by session (autogroup scheduling, /proc/sys/kernel/sched_autogroup_enabled) and shares the
# CPUs between the groups before nice values are looked at, so `nice -n -15` alone only ranks a command against its
# own session's jobs. This starts a session of its own, gives that session's group nice -15 and runs the command (and
# its ffmpeg children) at nice -15 in it. Negative nice values need root or CAP_SYS_NICE.
set -euo pipefail
if [ $# -eq 0 ]; then
    echo "usage: $0 command [arguments...]" >&2
    exit 2
fi
exec setsid --wait bash -c 'if [ -w /proc/self/autogroup ]; then echo -15 > /proc/self/autogroup; fi; exec nice -n -15 "$@"' priority "$@"
