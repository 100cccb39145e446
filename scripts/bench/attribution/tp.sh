#!/bin/bash
# usage: tp.sh dir...  -> one time-passes check per dir, summary line
export CARGO_TARGET_DIR=${EXP:?set EXP to the folder holding base/ and the variants}/target CARGO_INCREMENTAL=0 RUSTC_BOOTSTRAP=1
for d in "$@"; do
  cd ${EXP:?set EXP to the folder holding base/ and the variants}/$d
  touch src/lib.rs
  /usr/bin/time -o /tmp/slim2-time.txt -f '%U %S %e %M' cargo rustc --offline -q --no-default-features --profile check --lib -- -Ztime-passes > /dev/null 2> /tmp/slim2-tp-$d.txt
  rc=$?
  g() { awk -v k="$1" '$NF==k {print $2+0; exit}' /tmp/slim2-tp-$d.txt; }
  errs=$(grep -c '^error' /tmp/slim2-tp-$d.txt)
  read u s e m < <(tail -1 /tmp/slim2-time.txt)
  echo "$d rc=$rc err=$errs cpu=$(echo "$u+$s"|bc) wall=$e peakMB=$((m/1024)) expand=$(g expand_crate) resolve=$(g resolve_crate) coh=$(g coherence_checking) tyck=$(g type_check_crate) borrowck=$(g MIR_borrow_checking) meta=$(g generate_crate_metadata) total=$(g total) load=$(cut -d' ' -f1 /proc/loadavg)"
done
