#!/usr/bin/env bash
# Fuzz clientgen with cargo-fuzz (libFuzzer): every target in fuzz/ for a bounded time.
#
#   bash scripts/fuzz.sh [SECONDS]        (default: 60 seconds per target)
#
# Targets (fuzz/fuzz_targets/):
#   load       bytes as spec text -> clientgen::__private::load::load_str; must never panic
#   generate   bytes -> spec file -> Generator::generate_module -> syn::parse_file on the output;
#              when it generates, Generator::generate too: every .rs file parses, Cargo.toml is TOML
#
# cargo-fuzz passes nightly-only flags (-Z sanitizer=address); RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them, so no nightly toolchain is needed. cargo-fuzz itself is installed from
# crates.io on first use.
#
# Each target runs with -max_total_time, -timeout=10, -rss_limit_mb=2048 and a dictionary of
# OpenAPI and YAML tokens (fuzz/openapi.dict). libFuzzer stops at the first crash (a panic, a
# sanitizer error, a run over 10 s or over 2 GB); this script then starts it again until the time
# is used up, so one run can find several crashes. Seeds are read from fuzz/corpus/<target>/ (checked in, never written); what the
# fuzzer learns goes to fuzz/work/<target>/ (ignored by git) and is reused by the next run.
#
# Every crash input is saved in fuzz/artifacts/<target>/ (repeats of an already-seen crash are
# counted, not kept). The first input of each distinct crash is minimised with `cargo fuzz tmin`
# into <input>.min (kept only if it still fails the same way) and copied to
# tests/hostile/fuzz/<target>-<hash>.yaml as a regression fixture, which
# tests/tests/properties.rs replays. The summary gives, per target, the executions, the seconds
# fuzzed, executions per second, and the crashes (all, and distinct).
#
# Environment:
#   FUZZ_TARGETS      targets to run (default "load generate")
#   FUZZ_TMIN_RUNS    runs per step of `cargo fuzz tmin` (default 5000; 0 = do not minimise)
#   FUZZ_TMIN_SECONDS time allowed to minimise one crash (default 120)
#
# Exit status: 0 when no target crashed, 1 when any did, 2 when the targets could not be built.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/fuzz"
SECONDS_PER_TARGET="${1:-60}"
TARGETS=(${FUZZ_TARGETS:-load generate})
TMIN_RUNS="${FUZZ_TMIN_RUNS:-5000}"
TMIN_SECONDS="${FUZZ_TMIN_SECONDS:-120}"
REGRESSIONS="$ROOT/tests/hostile/fuzz"
LIBFUZZER_ARGS=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -dict="$FUZZ/openapi.dict")

if ! [[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bash scripts/fuzz.sh [SECONDS]  (a whole number of seconds per target)" >&2
    exit 2
fi

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz from crates.io"
    cargo install cargo-fuzz --version 0.13.2 --locked || exit 2
fi

cd "$FUZZ" || exit 2
echo "==> building the fuzz targets ($(cargo fuzz --version), $(rustc --version))"
mkdir -p "$FUZZ/target"
if ! cargo fuzz build >"$FUZZ/target/build.log" 2>&1; then
    tail -n 40 "$FUZZ/target/build.log" >&2
    echo "error: the fuzz targets do not build (log: fuzz/target/build.log)" >&2
    exit 2
fi

# The line that tells one crash from another: the panic's place and message, or the sanitizer's
# or libFuzzer's own error line.
crash_signature() {
    local log="$1" sig
    sig="$(grep -m1 -A1 "panicked at" "$log" | tr '\n' ' ' | sed -e 's/^.*panicked at //' -e 's/ *$//')"
    [[ -n "$sig" ]] || sig="$(grep -m1 -E "has overflowed its stack" "$log")"
    # Without the numbers that differ from run to run (addresses, memory used).
    [[ -n "$sig" ]] || sig="$(grep -m1 -E "^==[0-9]+== ?ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)" "$log" \
        | sed -E -e 's/^==[0-9]*== *//' -e 's/ \(.*//' -e 's/0x[0-9a-f]+/ADDR/g')"
    [[ -n "$sig" ]] || sig="unknown crash (see the log)"
    printf '%s' "$sig" | cut -c1-300
}

# Runs `target` once on `input`; prints the crash signature, or nothing if it does not crash.
replay_signature() {
    local target="$1" input="$2" log
    log="$(mktemp)"
    if cargo fuzz run "$target" "$input" -- "${LIBFUZZER_ARGS[@]}" -runs=1 >"$log" 2>&1; then
        rm -f "$log"
        return
    fi
    crash_signature "$log"
    rm -f "$log"
}

# Reports a new crash, minimises its input and copies it to tests/hostile/fuzz/.
record_crash() {
    local target="$1" artifact="$2" log="$3" sig="$4" number="$5"
    local artifacts keep before made f smallest hash
    artifacts="$(dirname "$artifact")"
    cp "$log" "$artifact.log"
    echo "  crash $number: $sig"
    echo "    input: ${artifact#"$ROOT/"} ($(wc -c <"$artifact") bytes); log: ${artifact#"$ROOT/"}.log"
    keep="$artifact"
    if ((TMIN_RUNS > 0)) && [[ "$(basename "$artifact")" == crash-* ]]; then
        # tmin writes a chain of minimized-from-<hash> files next to the input; the smallest
        # that still fails the same way is kept.
        before="$(ls "$artifacts")"
        timeout "$TMIN_SECONDS" cargo fuzz tmin "$target" "$artifact" -r "$TMIN_RUNS" \
            -- -timeout=10 -rss_limit_mb=2048 2>&1 | tail -n 100 >"$artifact.tmin.log"
        made=()
        for f in "$artifacts"/minimized-from-*; do
            [[ -f "$f" ]] && ! grep -qxF "$(basename "$f")" <<<"$before" && made+=("$f")
        done
        if ((${#made[@]} > 0)); then
            smallest="$(ls -S "${made[@]}" | tail -n1)"
            if [[ "$(replay_signature "$target" "$smallest")" == "$sig" ]]; then
                keep="$artifact.min"
                cp "$smallest" "$keep"
                echo "    minimised: ${keep#"$ROOT/"} ($(wc -c <"$keep") bytes)"
            fi
            rm -f "${made[@]}"
        fi
    fi
    hash=$(sha1sum "$keep" | cut -c1-12)
    mkdir -p "$REGRESSIONS"
    cp "$keep" "$REGRESSIONS/$target-$hash.yaml"
    echo "    regression fixture: tests/hostile/fuzz/$target-$hash.yaml"
}

TOTAL_UNIQUE=0
SUMMARY=()
for target in "${TARGETS[@]}"; do
    work="$FUZZ/work/$target"
    artifacts="$FUZZ/artifacts/$target"
    logs="$FUZZ/target/fuzz-logs/$target"
    mkdir -p "$work" "$artifacts" "$logs"
    rm -f "$logs"/*.log
    echo
    echo "==> fuzzing '$target' for ${SECONDS_PER_TARGET}s"
    fuzzed=0
    execs=0
    hits=0
    round=0
    signatures=()
    kept=""
    # Only the time libFuzzer runs counts against the budget (not minimising crashes).
    while ((fuzzed < SECONDS_PER_TARGET)); do
        round=$((round + 1))
        log="$logs/round-$round.log"
        round_start=$(date +%s)
        cargo fuzz run "$target" "$work" "$FUZZ/corpus/$target" -- "${LIBFUZZER_ARGS[@]}" \
            -max_total_time=$((SECONDS_PER_TARGET - fuzzed)) -artifact_prefix="$artifacts/" >"$log" 2>&1
        rc=$?
        fuzzed=$((fuzzed + $(date +%s) - round_start))
        ran=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
        execs=$((execs + ${ran:-0}))
        artifact=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -n1 | sed 's/^Test unit written to //')
        if ((rc == 0)); then
            continue
        fi
        if [[ -z "$artifact" || ! -f "$artifact" ]]; then
            tail -n 40 "$log" >&2
            echo "error: '$target' stopped (exit $rc) without saving an input; log: $log" >&2
            exit 2
        fi
        hits=$((hits + 1))
        sig="$(crash_signature "$log")"
        # An input of the corpus that crashes (the generator changed since it was added) would
        # crash every round at start-up: the learned copy is dropped (the artifact keeps it), and
        # a crashing seed ends this target's run.
        sum="$(sha1sum "$artifact" | cut -d' ' -f1)"
        rm -f "$work/$sum"
        crashing_seed=""
        for seed in "$FUZZ/corpus/$target"/*; do
            [[ "$(sha1sum "$seed" | cut -d' ' -f1)" == "$sum" ]] && crashing_seed="$seed"
        done
        seen=0
        for s in "${signatures[@]+"${signatures[@]}"}"; do
            [[ "$s" == "$sig" ]] && seen=1
        done
        if ((seen)); then
            # A repeat: the same bytes may have been saved under the same name as the first.
            grep -qxF "$artifact" <<<"$kept" || rm -f "$artifact"
        else
            signatures+=("$sig")
            kept+="$artifact"$'\n'
            TOTAL_UNIQUE=$((TOTAL_UNIQUE + 1))
            record_crash "$target" "$artifact" "$log" "$sig" "${#signatures[@]}"
        fi
        if [[ -n "$crashing_seed" ]]; then
            echo "  the seed ${crashing_seed#"$ROOT/"} crashes: '$target' stops here"
            break
        fi
    done
    rate=$((execs / (fuzzed > 0 ? fuzzed : 1)))
    line="$(printf '%-10s %12s executions  %5ss  %8s exec/s  %3s crashes (%s distinct)' \
        "$target" "$execs" "$fuzzed" "$rate" "$hits" "${#signatures[@]}")"
    echo "  $line"
    SUMMARY+=("$line")
done

echo
echo "==> summary (${SECONDS_PER_TARGET}s per target)"
for line in "${SUMMARY[@]}"; do
    echo "  $line"
done
if ((TOTAL_UNIQUE > 0)); then
    echo "FAILED: $TOTAL_UNIQUE distinct crash(es); inputs in fuzz/artifacts/, fixtures in tests/hostile/fuzz/"
    exit 1
fi
echo "ok: no crashes"
