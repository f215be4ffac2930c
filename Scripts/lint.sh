#!/usr/bin/env bash
# Lints the Swift sources with the checked-in .swift-format (120 columns, 4-space indentation, documentation
# rules; modelled on swift-crypto's configuration). Generated files (*.generated.swift) are skipped: fix their
# generator instead. Exit status non-zero when there are findings (--strict turns warnings into errors).
#   Scripts/lint.sh                  lint Sources, Tests, Benchmarks and Fuzz
#   Scripts/lint.sh PATH...          lint only these files or directories
#   Scripts/lint.sh --fix [PATH...]  rewrite the files in place first (swift format format), then lint
set -euo pipefail
cd "$(dirname "$0")/.."
fix=false
if [ "${1:-}" = --fix ]; then fix=true; shift; fi
roots=("$@")
[ ${#roots[@]} -gt 0 ] || roots=(Sources Tests Benchmarks Fuzz)
files() { find "${roots[@]}" -name '*.swift' ! -name '*.generated.swift' ! -path '*/.build/*' -print0; }
if $fix; then files | xargs -0 swift format format -i --parallel --configuration .swift-format; fi
files | xargs -0 swift format lint --strict --parallel --configuration .swift-format
