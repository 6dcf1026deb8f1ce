#!/usr/bin/env bash
# Fuzzing of the parsers (docs/robustness.md): coverage-guided with afl++ and SharpFuzz for long runs, and a
# deterministic in-process sweep for CI.
#   scripts/fuzz.sh list                 the targets
#   scripts/fuzz.sh TARGET[,TARGET...]|all SECONDS
#                                        afl++ on each target for SECONDS; new crashes and hangs are copied to
#                                        tests/Provenance.Fuzz/Findings/TARGET/ (replayed by FuzzRegressionTests)
#   FUZZ_JOBS=N scripts/fuzz.sh all SECONDS
#                                        run N targets at once (one afl-fuzz each), for long runs on many cores
#   scripts/fuzz.sh sweep [MUTATIONS]    CI's step (test.sh): every target over its committed corpus
#                                        (tests/Provenance.Fuzz/Corpus/TARGET/) and MUTATIONS seeded mutations of it,
#                                        the same inputs on every run; FUZZ_JOBS targets at once (default: nproc)
#   scripts/fuzz.sh corpus TARGET|all    remake the committed corpus from the repository's photos and fixtures
# afl++ runs need `scripts/setup.sh --fuzz` once; the sweep needs only `scripts/setup.sh --test`. afl++'s work
# files live in .fuzz/ (corpus kept between runs, so a later run continues where the last one stopped). Exit code
# 1 when a run found a crash or a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.fuzz
bin=$work/bin      # Provenance.Core instrumented: runs only under afl-fuzz
plain=$work/plain  # the same build uninstrumented: seeds, list, replay of afl++'s findings
corpus_root=tests/Provenance.Fuzz/Corpus
findings_root=tests/Provenance.Fuzz/Findings
# A hang is an input that takes longer than this (ms) in the instrumented build.
timeout_ms=${FUZZ_TIMEOUT_MS:-2000}
# Mutations per target in the CI sweep: about two minutes for all targets on two cores (docs/robustness.md).
sweep_mutations=20000

usage() { echo "usage: scripts/fuzz.sh list | TARGET[,TARGET...]|all SECONDS | sweep [MUTATIONS] | corpus TARGET|all" >&2; exit 2; }

build() {
  echo "fuzz: building and instrumenting Provenance.Core" >&2
  rm -rf "$bin" "$plain"
  dotnet publish tests/Provenance.Fuzz/Provenance.Fuzz.csproj -c Release -o "$plain" -nologo -v quiet -clp:ErrorsOnly >&2
  cp -r "$plain" "$bin"
  dotnet tool restore >/dev/null
  # SharpFuzz rewrites the library in place with afl++'s edge counters; only our code is instrumented.
  dotnet tool run sharpfuzz "$bin/Provenance.Core.dll" >&2
  replay_dll=$plain/Provenance.Fuzz.dll
}

# The sweep and the corpus run the ordinary Release build (test.sh has built it already), so they never touch
# .fuzz/, which a long afl++ run may be using.
build_plain() {
  dotnet build tests/Provenance.Fuzz/Provenance.Fuzz.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  replay_dll=$(dotnet msbuild tests/Provenance.Fuzz/Provenance.Fuzz.csproj -p:Configuration=Release -getProperty:TargetPath)
  [[ -f $replay_dll ]] || { echo "fuzz: the build gave no $replay_dll" >&2; exit 2; }
}

# Copies the inputs in DIR/crashes and DIR/hangs matching PATTERN to Findings/TARGET/ (named by their hash, so a
# finding already kept is not copied twice). Returns 1 when there was any.
keep_findings() {
  local target=$1 dir=$2 pattern=$3 found=0
  local keep=$findings_root/$target
  for kind in crashes hangs; do
    for f in "$dir/$kind"/$pattern; do
      [[ -e $f ]] || continue
      mkdir -p "$keep"
      local name=${kind%es}-$(sha256sum "$f" | cut -c1-16)
      name=${name%s}
      if [[ ! -e $keep/$name ]]; then
        cp "$f" "$keep/$name"
        echo "fuzz: $target: new finding $keep/$name (replay: dotnet $replay_dll replay $target $keep/$name)" >&2
      else
        echo "fuzz: $target: finding $keep/$name (kept already)" >&2
      fi
      found=1
    done
  done
  return $found
}

run_target() {
  local target=$1 seconds=$2
  local dir=$work/$target
  if [[ ! -d $dir/in ]]; then
    # The committed corpus when there is one (the sweep's); else seeds made now.
    if [[ -d $corpus_root/$target ]]; then
      mkdir -p "$dir"
      cp -r "$corpus_root/$target" "$dir/in.tmp"
    else
      dotnet "$plain/Provenance.Fuzz.dll" seeds "$target" "$dir/in.tmp" || { echo "fuzz: no seeds for $target" >&2; return 1; }
    fi
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
  keep_findings "$target" "$dir/out/default" 'id:*' || found=1
  printf '%-10s %6ss  execs %-10s %8s/s  coverage %-8s corpus %-5s crashes %s hangs %s\n' "$target" "$seconds" \
    "$(stat_of "$stats" execs_done)" "$(stat_of "$stats" execs_per_sec)" "$(stat_of "$stats" bitmap_cvg)" \
    "$(stat_of "$stats" corpus_count)" "$(stat_of "$stats" saved_crashes)" "$(stat_of "$stats" saved_hangs)"
  return $found
}

stat_of() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1"; }

# One target of the CI sweep. Exit codes of the sweep: 0 clean, 1 a crash or hang (saved by the sweep), 2 no
# corpus; anything else means the process died (native fault, stack overflow, out of memory), and the input it
# was running is in DIR/running.
sweep_target() {
  local target=$1 mutations=$2
  local dir=$work/sweep/$target code=0
  rm -rf "$dir"
  mkdir -p "$dir"
  dotnet "$replay_dll" sweep "$target" "$corpus_root/$target" "$mutations" "$dir" >"$dir/log" 2>&1 || code=$?
  cat "$dir/log"
  case $code in
    0) return 0 ;;
    1) ;;
    2) return 1 ;;
    *)
      if [[ ! -f $dir/running ]]; then
        echo "fuzz sweep: $target: the process died (exit code $code) before its first input" >&2
        return 1
      fi
      mkdir -p "$dir/crashes"
      mv "$dir/running" "$dir/crashes/died-with-exit-code-$code"
      echo "fuzz sweep: $target: the process died (exit code $code) on the input saved as $dir/crashes/died-with-exit-code-$code" >&2
      ;;
  esac
  keep_findings "$target" "$dir" '*' || true
  return 1
}

# Runs FUNCTION TARGET ARG for every target in $targets, $jobs at once; fails if any failed.
for_each_target() {
  local function=$1 arg=$2 status=0 running=0
  for t in "${targets[@]}"; do
    if (( jobs == 1 )); then
      "$function" "$t" "$arg" || status=1
      continue
    fi
    "$function" "$t" "$arg" &
    if (( ++running == jobs )); then
      wait -n || status=1
      running=$((running - 1))
    fi
  done
  while (( running > 0 )); do
    wait -n || status=1
    running=$((running - 1))
  done
  return $status
}

jobs_from_env() {
  jobs=${FUZZ_JOBS:-$1}
  [[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_JOBS must be a positive integer" >&2; exit 2; }
}

[[ $# -ge 1 ]] || usage
case $1 in
  list)
    [[ $# -eq 1 ]] || usage
    build_plain
    dotnet "$replay_dll" list
    ;;
  corpus)
    [[ $# -eq 2 ]] || usage
    build_plain
    if [[ $2 == all ]]; then mapfile -t targets < <(dotnet "$replay_dll" list); else targets=("$2"); fi
    for t in "${targets[@]}"; do
      rm -rf "${corpus_root:?}/$t"
      dotnet "$replay_dll" seeds "$t" "$corpus_root/$t"
    done
    ;;
  sweep)
    [[ $# -le 2 ]] || usage
    mutations=${2:-$sweep_mutations}
    [[ $mutations =~ ^[0-9]+$ ]] || usage
    build_plain
    mapfile -t targets < <(dotnet "$replay_dll" list)
    jobs_from_env "$(nproc)"
    started=$SECONDS
    if ! for_each_target sweep_target "$mutations"; then
      echo "fuzz sweep: FAILED (see above). Each input that crashed or hung is kept under $findings_root/TARGET/," >&2
      echo "  where FuzzRegressionTests replays it: fix the parser so that it refuses the input with its typed error," >&2
      echo "  and commit the input with the fix." >&2
      exit 1
    fi
    echo "fuzz sweep: ${#targets[@]} targets, $mutations mutations each, clean in $((SECONDS - started)) s"
    ;;
  *)
    [[ $# -eq 2 && $2 =~ ^[0-9]+$ ]] || usage
    command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz missing: run scripts/setup.sh --fuzz" >&2; exit 2; }
    build
    mkdir -p "$work"
    if [[ $1 == all ]]; then
      mapfile -t targets < <(dotnet "$plain/Provenance.Fuzz.dll" list)
    else
      IFS=, read -ra targets <<<"$1"
    fi
    jobs_from_env 1
    for_each_target run_target "$2"
    ;;
esac
