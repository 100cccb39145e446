#!/usr/bin/env bash
# Hardening figures in one run: fuzzing of the loader and the pipeline, the hostile specs, and
# the fault cases of the generated clients.
#
#   bash scripts/hardening.sh [FUZZ_SECONDS]     (default 60 seconds per fuzz target)
#
# Prints the fuzz executions, time and crashes per target, then how many hostile-spec and
# client-fault tests ran and passed. Exit status 0 only when no fuzz target crashed and every
# test passed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FUZZ_SECONDS="${1:-60}"
status=0

echo "==> fuzzing (${FUZZ_SECONDS}s per target)"
fuzz_log="$(mktemp)"
if ! bash scripts/fuzz.sh "$FUZZ_SECONDS" 2>&1 | tee "$fuzz_log" | grep -E '^(==>|  |ok:|FAILED)'; then
    status=1
fi
grep -q '^ok: no crashes' "$fuzz_log" || status=1

# Runs one module (a former test file) of a test binary of the tests package and prints
# "<label>: <passed> of <total>".
count() {
    local label="$1" binary="$2" module="$3"
    local log
    log="$(mktemp)"
    cargo test -q -p clientgen-tests --test "$binary" "$module::" >"$log" 2>&1
    local rc=$?
    local passed failed ignored
    passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s += $1} END {print s + 0}')
    failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
    ignored=$(grep -Eo '[0-9]+ ignored' "$log" | awk '{s += $1} END {print s + 0}')
    printf '  %-34s %3d passed of %3d tried (%d ignored)\n' "$label" "$passed" \
        $((passed + failed)) "$ignored"
    if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
        status=1
        grep -E '^(---- |thread .* panicked)' "$log" | head -n 20
    fi
}

echo
echo "==> hostile input to the generator"
# `cargo test` generates from a 16 MB description; here from 100 MB.
CLIENTGEN_HUGE_DESCRIPTION_MB=100 count "hostile specs (a 100 MB description)" generation hostile
count "injection through spec text" compiling injection
count "generated properties (proptest)" compiling properties

echo
echo "==> the generated clients against bad servers and callers"
count "client fault cases" clients client_faults
count "Smart Invites end to end" clients smart_invites_e2e
count "webhook signatures" clients webhooks

echo
if [ "$status" -eq 0 ]; then
    echo "hardening: ok"
else
    echo "hardening: FAILED"
fi
exit "$status"
