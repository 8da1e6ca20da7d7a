#!/bin/sh
# How the hand-written fixtures were made from hand-written.request.json
# (written by hand: members in any order, defaults written out, dates
# unpadded, a weak 3-digit lottery rule). Run it after a deliberate format
# change, from the repository root, and review the diff: every byte that
# moves must be one the CHANGELOG explains.
set -eu
cargo build --quiet --bin ssj
ssj=target/debug/ssj
d=tests/data/commitment
$ssj commit --request $d/hand-written.request.json --authority 某县生态环境局 --date 2022-12-30 \
    --out $d/hand-written.commitment.json
$ssj plan --request $d/hand-written.request.json --commitment $d/hand-written.commitment.json --seed 581 \
    --out $d/hand-written.plan.json --save-request $d/hand-written.seeded.request.json
$ssj draw-record --plan $d/hand-written.plan.json --request $d/hand-written.seeded.request.json \
    --out $d/hand-written.draw-record.json
