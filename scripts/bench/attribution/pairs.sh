#!/bin/bash
export CARGO_TARGET_DIR=${EXP:?set EXP to the folder holding base/ and the variants}/target CARGO_INCREMENTAL=0
cd ${EXP:?set EXP to the folder holding base/ and the variants}
for d in "$@"; do
  (cd $d && cargo check --offline -q --no-default-features 2>/dev/null)
  farm-bench -n 3 --warmup 0 --timeout 1500 --vs "sh -c 'touch base/src/lib.rs && exec cargo check --offline --quiet --no-default-features --manifest-path base/Cargo.toml'" -- sh -c "touch $d/src/lib.rs && exec cargo check --offline --quiet --no-default-features --manifest-path $d/Cargo.toml" > fb-$d.log 2>&1
done
