#!/usr/bin/env bash
# Regenerates the committed seed corpora Fuzz/seeds/<target>/ from Circuits/, the test fixtures and the artifacts
# the CLI writes for the tiny model (bundle files, keys, proof, ledger, ledger proofs). Needs a release build of
# zkinfer (swift build -c release --product zkinfer). Large files (> 64 KiB) are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
zk=${ZKINFER:-.build/release/zkinfer}
[ -x "$zk" ] || { echo "seeds.sh: $zk missing: run 'swift build -c release --product zkinfer' first" >&2; exit 2; }
seeds=Fuzz/seeds
rm -rf "$seeds"
for t in onnx json-model input snarkjs keys r1cs bundle ledger ledger-json; do mkdir -p "$seeds/$t"; done
small() { [ "$(wc -c < "$1")" -le 65536 ]; }
for f in Circuits/*/model.onnx; do small "$f" && cp "$f" "$seeds/onnx/$(basename "$(dirname "$f")").onnx"; done
for f in Circuits/*/model.json; do cp "$f" "$seeds/json-model/$(basename "$(dirname "$f")").json"; done
for f in Circuits/*/input.json; do small "$f" && cp "$f" "$seeds/input/$(basename "$(dirname "$f")").json"; done
printf '{"shape": [1, 4], "data": [0.5, -0.25, 0.75, 0.125]}' > "$seeds/input/shape-data.json"
for f in Tests/Groth16Tests/Fixtures/*/*.json; do
    cp "$f" "$seeds/snarkjs/$(basename "$(dirname "$f")")-$(basename "$f")"
done

# Version-1 files (the legacy readers stay reachable).
v1=Tests/EndToEndTests/VersionOneFiles
cp "$v1/bundle/proving.key" "$seeds/keys/v1-proving.key"
cp "$v1/bundle/verifying.key" "$seeds/keys/v1-verifying.key"
cp "$v1/bundle/circuit.r1cs" "$seeds/r1cs/v1-circuit.r1cs"
cp "$v1/bundle/bundle.json" "$seeds/bundle/v1-bundle.json"
cp "$v1/bundle/circuit.json" "$seeds/bundle/v1-circuit.json"
cp "$v1/v1.ledger" "$seeds/ledger/v1.ledger"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$zk" compile Circuits/tiny-mlp/model.json -o "$work/b" > /dev/null
"$zk" setup "$work/b" > /dev/null
"$zk" prove "$work/b" --input Circuits/tiny-mlp/input.json -o "$work/p" > /dev/null
for i in 1 2 3; do "$zk" ledger append "$work/b" --proof-dir "$work/p" --ledger "$work/l.ledger" > /dev/null; done
cp "$work/p/proof.json" "$work/p/public.json" "$seeds/snarkjs/"
cp "$work/b/verification_key.json" "$seeds/snarkjs/tiny-verification_key.json"
cp "$work/b/verifying.key" "$work/b/proving.key" "$seeds/keys/"
cp "$work/b/circuit.r1cs" "$seeds/r1cs/"
"$zk" export r1cs "$work/b" -o "$seeds/r1cs/tiny.circom.r1cs" > /dev/null
"$zk" export wtns "$work/b" --input Circuits/tiny-mlp/input.json -o "$seeds/r1cs/tiny.wtns" > /dev/null
"$zk" compile Circuits/tiny-mlp/model.json -o "$work/z" > /dev/null
"$zk" setup "$work/z" --zkey > /dev/null
"$zk" export zkey "$work/z" -o "$seeds/keys/tiny.zkey" > /dev/null
cp "$work/b/bundle.json" "$work/b/circuit.json" "$seeds/bundle/"
cp "$work/l.ledger" "$seeds/ledger/three-records.ledger"
"$zk" ledger inclusion 1 --ledger "$work/l.ledger" > "$seeds/ledger-json/inclusion.json"
"$zk" ledger consistency 1 3 --ledger "$work/l.ledger" > "$seeds/ledger-json/consistency.json"
"$zk" ledger show --record 0 --ledger "$work/l.ledger" > "$seeds/ledger-json/record.json"
"$zk" ledger show --json --ledger "$work/l.ledger" > "$seeds/ledger-json/tree-head.json"
du -sh "$seeds"
