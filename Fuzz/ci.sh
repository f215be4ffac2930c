#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and fails on any crash, timeout or out-of-memory.
#   Fuzz/ci.sh                 every target, ZKFUZZ_SECONDS (default 25) seconds each, ZKFUZZ_JOBS (default: cores)
#                              at a time
#   Fuzz/ci.sh onnx ledger     only these targets
# Each run starts from the committed seeds (Fuzz/seeds/<target>) plus the saved regressions and a working corpus
# (Fuzz/corpus/<target>, not committed). A crashing input is copied to
# Tests/FuzzRegressionTests/Inputs/<target>/, where `swift test` replays it: commit it with the fix.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${ZKFUZZ_SECONDS:-25}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(onnx json-model input snarkjs keys r1cs bundle ledger ledger-json)
./build.sh > /dev/null || { echo "fuzz: build failed" >&2; exit 2; }
fuzzer=.build/release/zkfuzz
regressions=../Tests/FuzzRegressionTests/Inputs
# One target's run; its exit status and findings are reported after all runs, in target order.
run_target() {
    local t=$1 dict=()
    rm -rf "artifacts/$t"
    mkdir -p "corpus/$t" "artifacts/$t" "$regressions/$t"
    case $t in
        json-model) dict=(-dict=dicts/json-model.dict) ;;
        input | snarkjs | bundle | ledger-json) dict=(-dict=dicts/json.dict) ;;
    esac
    SWIFT_BACKTRACE=enable=no ZKFUZZ_TARGET="$t" "$fuzzer" "corpus/$t" "seeds/$t" "$regressions/$t" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" > "artifacts/$t.log" 2>&1
    echo $? > "artifacts/$t.status"
}
# Targets run ZKFUZZ_JOBS at a time (default: one per core), so CI pays ~seconds × targets / cores.
jobs=${ZKFUZZ_JOBS:-$(nproc)}
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $jobs at a time"
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    run_target "$t" &
done
wait
failed=()
for t in "${targets[@]}"; do
    status=$(cat "artifacts/$t.status" 2>/dev/null || echo 1)
    grep -E '^stat::number_of_executed_units|^#[0-9]+ +DONE' "artifacts/$t.log" | tail -2 | sed "s/^/  $t: /"
    found=$(ls "artifacts/$t" 2>/dev/null | grep -E '^(crash|timeout|oom|leak)-' || true)
    if [ "$status" -ne 0 ] || [ -n "$found" ]; then
        failed+=("$t")
        for f in $found; do cp "artifacts/$t/$f" "$regressions/$t/$f"; echo "  $t: saved $regressions/$t/$f"; done
        grep -E 'Fatal error|ERROR: libFuzzer|SUMMARY' "artifacts/$t.log" | head -5 | sed "s/^/  $t: /"
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]} (logs in Fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz: ok (${#targets[@]} targets, ${seconds} s each)"
