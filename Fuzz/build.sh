#!/usr/bin/env bash
# Builds Fuzz/.build/release/zkfuzz: the zkinfer modules and the fuzz targets, all compiled with libFuzzer's coverage
# instrumentation (`-sanitize=fuzzer`; libFuzzer provides `main`). Separate from the main package's build.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release -Xswiftc -sanitize=fuzzer "$@"
echo "$(pwd)/.build/release/zkfuzz"
