#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian 12 machine, and nothing that is already there.
#   scripts/setup.sh          native libraries the service loads (codecs)
#   scripts/setup.sh --test   also the tools and npm packages the tests use
#   scripts/setup.sh --fuzz   also afl++ and the SharpFuzz instrumenter (dotnet-tools.json) for scripts/fuzz.sh
# Safe to run again: it checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-noto-cjk: Noto Sans CJK SC Bold, the font Sign draws explicit (visible) AI labels with (SkiaSharp opens
# the file itself: its NoDependencies build needs no fontconfig).
# ffmpeg/ffprobe decode, mark and re-encode video and audio through pipes; espeak-ng speaks the audible label.
native=(libturbojpeg0 libwebp7 libwebpmux3 libwebpdemux2 libpng16-16 fonts-noto-cjk ffmpeg espeak-ng)
# Independent tools the tests compare against: Debian's grpcio (C-core gRPC client), ImageMagick and the
# libjpeg-turbo / libwebp command-line tools (attacked copies, reference codecs), Node.js for grpc-js and the
# c2pa-rs validators; PostgreSQL 15, whose initdb and pg_ctl the store tests use for a throwaway cluster; Tesseract
# with its Simplified Chinese and English data reads the explicit labels back; Chromium for the verification page
# tests (Playwright drives /usr/bin/chromium).
testing=(python3-grpcio python3-protobuf imagemagick webp libjpeg-turbo-progs nodejs npm postgresql-15 tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng chromium)

want=("${native[@]}")
# Coverage-guided fuzzing (scripts/fuzz.sh): the afl++ engine; SharpFuzz.CommandLine comes from NuGet below.
fuzzing=(afl++)

with_tests=false
with_fuzz=false
for option in "$@"; do
  case "$option" in
    --test) with_tests=true; want+=("${testing[@]}") ;;
    --fuzz) with_fuzz=true; want+=("${fuzzing[@]}") ;;
    *) echo "usage: scripts/setup.sh [--test] [--fuzz]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  # node and npm may come from elsewhere than Debian (this machine kind ships its own Node.js).
  if [[ "$p" == nodejs && -x "$(command -v node)" ]] || [[ "$p" == npm && -x "$(command -v npm)" ]]; then
    continue
  fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if $with_tests; then
  # npm packages for the interop tests, pinned by tests/interop/package-lock.json.
  if [[ -f tests/interop/package-lock.json ]] && ! [[ -d tests/interop/node_modules ]]; then
    echo "setup: npm ci in tests/interop" >&2
    # c2pa-node's tarball already holds its linux-x64 binary; its postinstall would try the web.
    (cd tests/interop && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
fi

if $with_fuzz; then
  dotnet tool restore >/dev/null
fi
