#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with afl++ and SharpFuzz (docs/robustness.md).
#   scripts/fuzz.sh list                 the targets
#   scripts/fuzz.sh TARGET|all SECONDS   fuzz each target for SECONDS; new crashes and hangs are copied to
#                                        tests/Provenance.Fuzz/Findings/TARGET/ (replayed by FuzzRegressionTests)
#   FUZZ_JOBS=N scripts/fuzz.sh all SECONDS
#                                        run N targets at once (one afl-fuzz each), for long runs on many cores
# Needs `scripts/setup.sh --fuzz` once. Work files live in .fuzz/ (corpus kept between runs, so a later run
# continues where the last one stopped). Exit code 1 when a run found a crash or a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.fuzz
bin=$work/bin      # Provenance.Core instrumented: runs only under afl-fuzz
plain=$work/plain  # the same build uninstrumented: seeds, list
# A hang is an input that takes longer than this (ms) in the instrumented build.
timeout_ms=${FUZZ_TIMEOUT_MS:-2000}

usage() { echo "usage: scripts/fuzz.sh list | TARGET|all SECONDS" >&2; exit 2; }

build() {
  echo "fuzz: building and instrumenting Provenance.Core" >&2
  rm -rf "$bin" "$plain"
  dotnet publish tests/Provenance.Fuzz/Provenance.Fuzz.csproj -c Release -o "$plain" -nologo -v quiet -clp:ErrorsOnly >&2
  cp -r "$plain" "$bin"
  dotnet tool restore >/dev/null
  # SharpFuzz rewrites the library in place with afl++'s edge counters; only our code is instrumented.
  dotnet tool run sharpfuzz "$bin/Provenance.Core.dll" >&2
}

run_target() {
  local target=$1 seconds=$2
  local dir=$work/$target
  if [[ ! -d $dir/in ]]; then
    dotnet "$plain/Provenance.Fuzz.dll" seeds "$target" "$dir/in.tmp" || { echo "fuzz: no seeds for $target" >&2; return 1; }
    mv "$dir/in.tmp" "$dir/in"
  fi
  local resume=(-i "$dir/in")
  # Continue an earlier run's queue instead of starting again from the seeds.
  [[ -f $dir/out/default/fuzzer_stats ]] && resume=(-i -)
  AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
    AFL_NO_UI=1 AFL_AUTORESUME=1 AFL_SHUFFLE_QUEUE=1 \
    afl-fuzz -V "$seconds" "${resume[@]}" -o "$dir/out" -t "$timeout_ms" -m none \
      -- dotnet "$bin/Provenance.Fuzz.dll" "$target" >"$dir/afl.log" 2>&1 || {
        echo "fuzz: afl-fuzz failed for $target; the end of $dir/afl.log:" >&2; tail -20 "$dir/afl.log" >&2; return 1; }
  local stats=$dir/out/default/fuzzer_stats
  local found=0
  for kind in crashes hangs; do
    for f in "$dir/out/default/$kind"/id:*; do
      [[ -e $f ]] || continue
      local keep=tests/Provenance.Fuzz/Findings/$target
      mkdir -p "$keep"
      local name=${kind%es}-$(sha256sum "$f" | cut -c1-16)
      name=${name%s}
      if [[ ! -e $keep/$name ]]; then
        cp "$f" "$keep/$name"
        echo "fuzz: $target: new finding $keep/$name" >&2
      fi
      found=1
    done
  done
  printf '%-10s %6ss  execs %-10s %8s/s  coverage %-8s corpus %-5s crashes %s hangs %s\n' "$target" "$seconds" \
    "$(stat_of "$stats" execs_done)" "$(stat_of "$stats" execs_per_sec)" "$(stat_of "$stats" bitmap_cvg)" \
    "$(stat_of "$stats" corpus_count)" "$(stat_of "$stats" saved_crashes)" "$(stat_of "$stats" saved_hangs)"
  return $found
}

stat_of() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1"; }

[[ $# -ge 1 ]] || usage
if [[ $1 == list ]]; then
  [[ -f $plain/Provenance.Fuzz.dll ]] || build
  dotnet "$plain/Provenance.Fuzz.dll" list
  exit 0
fi
[[ $# -eq 2 && $2 =~ ^[0-9]+$ ]] || usage
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz missing: run scripts/setup.sh --fuzz" >&2; exit 2; }
build
mkdir -p "$work"
if [[ $1 == all ]]; then
  mapfile -t targets < <(dotnet "$plain/Provenance.Fuzz.dll" list)
else
  targets=("$1")
fi
jobs=${FUZZ_JOBS:-1}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_JOBS must be a positive integer" >&2; exit 2; }
status=0
running=0
for t in "${targets[@]}"; do
  if (( jobs == 1 )); then
    run_target "$t" "$2" || status=1
    continue
  fi
  run_target "$t" "$2" &
  if (( ++running == jobs )); then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while (( running > 0 )); do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
