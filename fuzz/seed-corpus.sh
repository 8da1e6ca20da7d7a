#!/bin/sh
# Seeds fuzz/corpus/<target> from the project's test data. Each target's
# first input byte selects the parser (see the target's source), so every
# seed file is written once per selector it makes sense for.
set -eu
cd "$(dirname "$0")"
root=..
mk() { mkdir -p "corpus/$1"; }
seed() { # target selector-byte file
    out="corpus/$1/$(basename "$(dirname "$3")")-$(basename "$3")-$2"
    { printf "\\$(printf '%03o' "$2")"; cat "$3"; } > "$out"
}
for t in read_csv read_json policy plan_log plan documents results bodies; do mk "$t"; done
for f in "$root"/tests/data/registry/*/objects.csv; do seed read_csv 0 "$f"; done
for f in "$root"/tests/data/registry/*/inspectors.csv; do seed read_csv 1 "$f"; done
for f in "$root"/tests/data/registry/*/jurisdictions.csv; do seed read_csv 2 "$f"; done
seed read_csv 3 "$root/tests/data/registry/valid/history.csv"
v="$root/tests/data/registry/valid"
{ printf '\004'; cat "$v/jurisdictions.csv"; printf '\000'; cat "$v/objects.csv"; printf '\000'; cat "$v/inspectors.csv"; } \
    > corpus/read_csv/registry-4
for f in "$root"/tests/data/robustness/*.csv; do [ -e "$f" ] && seed read_csv 0 "$f"; done
seed read_json 0 "$v/registry.json"
seed read_json 1 "$v/history.json"
for f in "$root"/crates/shuangsuiji/tests/data/quota/*.json; do
    # The quota fixtures embed a registry; use them whole.
    seed read_json 0 "$f"
done
# Every preset, as JSON (from `ssj rules <name> --format json`) and as TOML.
ssj="${SSJ:-$root/target/release/ssj}"
ssj="$(cd "$(dirname "$ssj")" && pwd)/$(basename "$ssj")"
tmp="$(mktemp -d)"
for name in changji-prefecture changji-county changji-hitech fengdu-example wangcheng \
    wangcheng-quarterly zhongwei-positive-list; do
    "$ssj" rules "$name" --format json > "$tmp/$name.json"
    seed policy 0 "$tmp/$name.json"
    python3 -c 'import json,sys,toml; print(toml.dumps(json.load(open(sys.argv[1]))))' "$tmp/$name.json" \
        > "$tmp/$name.toml" && seed policy 1 "$tmp/$name.toml"
done
rm -rf "$tmp"
# plan: random bytes are a fine start for a structured target.
head -c 4096 /dev/urandom > corpus/plan/random-0
head -c 4096 /dev/urandom > corpus/plan/random-1
head -c 512 /dev/urandom > corpus/plan_log/structured-1
printf '\001' > corpus/plan_log/structured-2
# documents: every document file, built in and in the docs' examples.
for f in "$root"/crates/shuangsuiji/src/rules/documents/*.toml "$root"/docs/examples/documents/*.toml \
    "$root"/tests/data/documents/*.toml; do
    cp "$f" "corpus/documents/$(basename "$f")"
done
# results: an empty list, and the shapes of the docs' examples.
printf '[]' > corpus/results/empty
for f in "$root"/docs/examples/*results*.json; do [ -e "$f" ] && cp "$f" "corpus/results/$(basename "$f")"; done
# bodies: the demo request as each body kind that takes one.
tmp="$(mktemp -d)"
(cd "$tmp" && "$ssj" plan --demo --units changji/hutubi --seed 7 --save-request request.json --out plan.json >/dev/null)
for k in 0 3; do
    { printf "\\$(printf '%03o' "$k")"; printf '{"request": '; cat "$tmp/request.json"; printf '}'; } > "corpus/bodies/request-$k"
done
{ printf '\001{"plan": '; cat "$tmp/plan.json"; printf ', "request": '; cat "$tmp/request.json"; printf '}'; } > corpus/bodies/check-1
rm -rf "$tmp"
