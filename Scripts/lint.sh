#!/usr/bin/env bash
# Lints the Swift sources with the checked-in .swift-format (120 columns, 4-space indentation, documentation
# rules; modelled on swift-crypto's configuration). Generated files (*.generated.swift) are skipped: fix their
# generator instead. Exit status non-zero when there are findings (--strict turns warnings into errors).
#   Scripts/lint.sh            lint Sources, Tests and Benchmarks
#   Scripts/lint.sh PATH...    lint only these files or directories
set -euo pipefail
cd "$(dirname "$0")/.."
roots=("$@")
[ ${#roots[@]} -gt 0 ] || roots=(Sources Tests Benchmarks)
find "${roots[@]}" -name '*.swift' ! -name '*.generated.swift' -print0 \
    | xargs -0 swift format lint --strict --recursive --parallel --configuration .swift-format
