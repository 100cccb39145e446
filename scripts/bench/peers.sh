#!/usr/bin/env bash
# Peer comparison: clientgen against progenitor (cargo-progenitor) and openapi-generator
# (`-g rust`) on the same specs. See scripts/bench/README.md.
#
#   bash scripts/bench/peers.sh [-n RUNS] [--specs "petstore smart_invites uspto github"]
#                               [--tools "clientgen progenitor openapi-generator"] [--no-check]
#
# For each spec the tools run alternately (the order rotates every round), RUNS times each,
# under /usr/bin/time: median wall time and peak RSS. The last run's crate is then measured:
# lines and files of Rust (`*.rs`), and the time of an incremental `cargo check` (dependencies
# prebuilt by a first check, then `touch src/lib.rs` and check again; one CARGO_TARGET_DIR per
# tool) with the crate's own warnings. A tool that fails is reported in the table, not as a
# failure of the script.
#
# Environment:
#   BENCH_RUNS            runs per tool and spec (default 3; -n overrides)
#   BENCH_TIMEOUT         seconds allowed for one generation or one `cargo check` (default 1800)
#   CLIENTGEN             use this clientgen binary instead of building one
#
# Everything goes under target/bench/: tools/ (cargo-progenitor), venv/ (openapi-generator-cli
# from PyPI, whose wheel ships the generator jar; needs `java` 11+), out/TOOL/SPEC (the crates),
# check-TOOL/ (target folders), logs/, and results.tsv plus peers.txt (the last table).
# Exit status: 0 when the table was produced (whatever the peers did); 2 when a tool could not
# be installed or clientgen could not be built.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/target/bench"
TOOLS="$BENCH/tools"
VENV="$BENCH/venv"
OUT="$BENCH/out"
LOGS="$BENCH/logs"
SPECS_CACHE="$ROOT/target/corpus/cache/specs"
RUNS="${BENCH_RUNS:-3}"
TIMEOUT="${BENCH_TIMEOUT:-1800}"

# Pinned peers.
PROGENITOR_VERSION="0.15.1"
OPENAPI_GENERATOR_PYPI_VERSION="7.26.0"

specs=(petstore smart_invites uspto github)
tools=(clientgen progenitor openapi-generator)
check=1

say() { printf '%s\n' "$*" >&2; }
die() { say "peers: $*"; exit 2; }

while (($#)); do
    case "$1" in
        -n | --runs) RUNS="${2:?-n needs a number}"; shift 2 ;;
        --specs) read -r -a specs <<<"${2:?--specs needs names}"; shift 2 ;;
        --tools) read -r -a tools <<<"${2:?--tools needs names}"; shift 2 ;;
        --no-check) check=0; shift ;;
        -h | --help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not $RUNS"

mkdir -p "$TOOLS" "$OUT" "$LOGS" || die "cannot create $BENCH"

# --- measuring -------------------------------------------------------------------------------

# GNU time gives the peak RSS; Debian's `time` package has it. Without it, a Python wrapper
# reads the same number from getrusage(RUSAGE_CHILDREN).
if [[ ! -x /usr/bin/time ]]; then
    say "peers: installing Debian's time package for /usr/bin/time"
    { apt-get install -y -qq time >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; }; } ||
        say "peers: no /usr/bin/time; measuring with Python's resource module instead"
fi

# measure LOG -- CMD... -> prints "<exit status> <wall seconds> <peak RSS KiB>"; the command's
# stdout and stderr go to LOG.
measure() {
    local log="$1"
    shift 2
    if [[ -x /usr/bin/time ]]; then
        local tv="$log.time" start end status
        start="$(date +%s%N)"
        /usr/bin/time -v -o "$tv" timeout "$TIMEOUT" "$@" >"$log" 2>&1
        status=$?
        end="$(date +%s%N)"
        local rss
        rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")"
        # GNU time notes a non-zero exit in its report and returns it; keep the command's own.
        rm -f "$tv"
        awk -v s="$status" -v a="$start" -v b="$end" -v r="${rss:-0}" \
            'BEGIN { printf "%d %.3f %d\n", s, (b - a) / 1e9, r }'
    else
        python3 - "$log" "$TIMEOUT" "$@" <<'EOF'
import resource, subprocess, sys, time
log, timeout, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
start = time.perf_counter()
with open(log, "wb") as out:
    try:
        status = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        status = 124
wall = time.perf_counter() - start
print(status, "%.3f" % wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
EOF
    fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }

# --- the tools -------------------------------------------------------------------------------

# clientgen: a release build, copied so that others rebuilding target/release do not change it
# in the middle of a run.
if [[ " ${tools[*]} " == *" clientgen "* ]]; then
    if [[ -n "${CLIENTGEN:-}" ]]; then
        [[ "$CLIENTGEN" -ef "$BENCH/clientgen" ]] || cp "$CLIENTGEN" "$BENCH/clientgen" ||
            die "cannot copy $CLIENTGEN"
    else
        say "peers: cargo build --release -p clientgen"
        (cd "$ROOT" && cargo build --release --quiet -p clientgen) || die "clientgen does not build"
        cp "$ROOT/target/release/clientgen" "$BENCH/clientgen" || die "cannot copy clientgen"
    fi
fi
CLIENTGEN_BIN="$BENCH/clientgen"

# progenitor: `cargo install` from crates.io into target/bench/tools.
PROGENITOR_BIN="$TOOLS/bin/cargo-progenitor"
if [[ " ${tools[*]} " == *" progenitor "* ]] &&
    ! { [[ -x "$PROGENITOR_BIN" ]] && cargo install --list --root "$TOOLS" 2>/dev/null |
        grep -q "^cargo-progenitor v$PROGENITOR_VERSION:"; }; then
    say "peers: cargo install cargo-progenitor $PROGENITOR_VERSION (a few minutes)"
    cargo install --quiet --locked --root "$TOOLS" cargo-progenitor --version "$PROGENITOR_VERSION" \
        >"$LOGS/install-progenitor.log" 2>&1 ||
        cargo install --quiet --root "$TOOLS" cargo-progenitor --version "$PROGENITOR_VERSION" \
            >>"$LOGS/install-progenitor.log" 2>&1 ||
        die "cargo install cargo-progenitor failed, see ${LOGS#"$ROOT"/}/install-progenitor.log"
fi

# openapi-generator: the PyPI package `openapi-generator-cli` carries the generator jar in its
# wheel (openapi_generator_cli/openapi-generator.jar), so nothing is downloaded at first use.
# The jar is run with `java -jar` directly, so the Python wrapper is not part of the timings.
OPENAPI_GENERATOR_JAR=""
if [[ " ${tools[*]} " == *" openapi-generator "* ]]; then
    command -v java >/dev/null || die "openapi-generator needs java (apt-get install openjdk-17-jre-headless)"
    if ! "$VENV/bin/python" -m pip show openapi-generator-cli 2>/dev/null |
        grep -q "^Version: $OPENAPI_GENERATOR_PYPI_VERSION$"; then
        say "peers: pip install openapi-generator-cli==$OPENAPI_GENERATOR_PYPI_VERSION into ${VENV#"$ROOT"/}"
        { [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"; } || die "cannot create $VENV"
        "$VENV/bin/python" -m pip install --quiet "openapi-generator-cli==$OPENAPI_GENERATOR_PYPI_VERSION" \
            >"$LOGS/install-openapi-generator.log" 2>&1 ||
            die "pip install openapi-generator-cli failed, see ${LOGS#"$ROOT"/}/install-openapi-generator.log"
    fi
    OPENAPI_GENERATOR_JAR="$("$VENV/bin/python" -c \
        'import importlib.resources as r; print(r.files("openapi_generator_cli") / "openapi-generator.jar")')"
    [[ -s "$OPENAPI_GENERATOR_JAR" ]] || die "the openapi-generator-cli wheel has no jar at $OPENAPI_GENERATOR_JAR"
fi

tool_version() {
    case "$1" in
        clientgen) "$CLIENTGEN_BIN" --version 2>/dev/null | head -n 1 ;;
        progenitor) echo "cargo-progenitor $PROGENITOR_VERSION" ;;
        openapi-generator) echo "openapi-generator $(java -jar "$OPENAPI_GENERATOR_JAR" version 2>/dev/null)" ;;
    esac
}

# --- the specs -------------------------------------------------------------------------------

# spec_path NAME -> prints the spec file. petstore and github come from the corpus cache, which
# scripts/corpus/run.sh fills; when one is missing that script is run for it alone with a
# one-second `cargo check` limit, so that it only fetches (and generates) the spec.
first_file() { [[ -e "$1" ]] && printf '%s\n' "$1"; }

spec_path() {
    local name="$1" file
    case "$name" in
        smart_invites) printf '%s\n' "$ROOT/spec/smart_invites.yaml"; return ;;
        petstore) file="$SPECS_CACHE/petstore.yaml" ;;
        github) file="$SPECS_CACHE/github.json" ;;
        *)
            file="$(first_file "$SPECS_CACHE/$name".*)"
            [[ -n "$file" ]] || file="$SPECS_CACHE/$name.yaml"
            ;;
    esac
    if [[ ! -s "$file" ]] && grep -q "^$name|" "$ROOT/scripts/corpus/run.sh"; then
        say "peers: $name is not in target/corpus/cache; fetching it with scripts/corpus/run.sh $name"
        CLIENTGEN="$CLIENTGEN_BIN" CORPUS_DIR="$BENCH/corpus-fetch" CORPUS_CHECK_TIMEOUT=1 \
            bash "$ROOT/scripts/corpus/run.sh" "$name" >"$LOGS/fetch-$name.log" 2>&1
        file="$(first_file "$SPECS_CACHE/$name".*)"
    fi
    [[ -n "$file" && -s "$file" ]] || return 1
    printf '%s\n' "$file"
}

# --- generating ------------------------------------------------------------------------------

crate_name() { printf '%s-%s\n' "${2//_/-}" "$1"; } # TOOL SPEC -> spec-tool

# generate TOOL SPEC_FILE OUT_DIR CRATE LOG -> prints "<status> <wall> <rss>".
generate() {
    local tool="$1" spec="$2" dir="$3" crate="$4" log="$5"
    rm -rf "$dir"
    case "$tool" in
        clientgen)
            measure "$log" -- "$CLIENTGEN_BIN" generate "$spec" --out "$dir" --name "$crate" ;;
        progenitor)
            measure "$log" -- "$PROGENITOR_BIN" progenitor -i "$spec" -o "$dir" -n "$crate" -v 0.1.0 ;;
        openapi-generator)
            measure "$log" -- java -jar "$OPENAPI_GENERATOR_JAR" generate -g rust -i "$spec" \
                -o "$dir" --package-name "$crate" ;;
        *) die "unknown tool $tool" ;;
    esac
}

# --- checking --------------------------------------------------------------------------------

# check_crate TOOL DIR CRATE LOG -> prints "<status> <seconds> <errors> <warnings>" of the
# second (incremental) `cargo check`.
check_crate() {
    local tool="$1" dir="$2" crate="$3" log="$4"
    local target="$BENCH/check-$tool"
    # Keep cargo from taking the repository's workspace for the crate's, and start from the
    # repository's lock file so shared dependencies resolve to the same versions.
    grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
    [[ -f "$dir/Cargo.lock" ]] || cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
    (cd "$dir" && CARGO_TARGET_DIR="$target" timeout "$TIMEOUT" \
        cargo check --quiet --message-format json --color never) >"$log.warm.json" 2>"$log.warm.stderr"
    touch "$dir/src/lib.rs"
    local start end status
    start="$(date +%s%N)"
    (cd "$dir" && CARGO_TARGET_DIR="$target" timeout "$TIMEOUT" \
        cargo check --quiet --message-format json --color never) >"$log.json" 2>"$log.stderr"
    status=$?
    end="$(date +%s%N)"
    # The crate's own diagnostics (package ids end in #CRATE@VERSION or /CRATE#VERSION).
    local levels
    levels="$(jq -r --arg c "$crate" 'select(.reason == "compiler-message")
        | select(.package_id | test("[/#]" + $c + "[@#]"))
        | select((.message.spans | length) > 0)
        | .message.level' "$log.json" 2>/dev/null)"
    jq -r --arg c "$crate" 'select(.reason == "compiler-message")
        | select(.package_id | test("[/#]" + $c + "[@#]"))
        | .message.rendered' "$log.json" >"$log" 2>/dev/null
    cat "$log.stderr" >>"$log"
    awk -v s="$status" -v a="$start" -v b="$end" -v l="$levels" 'BEGIN {
        n = split(l, x, "\n"); e = 0; w = 0
        for (i = 1; i <= n; i++) { if (x[i] ~ /^error/) e++; else if (x[i] ~ /^warning/) w++ }
        printf "%d %.2f %d %d\n", s, (b - a) / 1e9, e, w }'
}

# failure_reason LOG -> the first line that says why a generator failed (a Rust panic's message
# is on the line after "panicked at").
failure_reason() {
    local reason
    reason="$(grep -m 1 -A 1 'panicked at' "$1" | tail -n 1)"
    [[ -n "$reason" ]] || reason="$(grep -m 1 -iE 'error|exception' "$1")"
    [[ -n "$reason" ]] || reason="$(grep -m 1 . "$1")"
    printf '%s\n' "${reason:0:140}" | tr '\t' ' '
}

# --- the run ---------------------------------------------------------------------------------

RESULTS="$BENCH/results.tsv"
TABLE="$BENCH/peers.txt"
printf 'tool\tspec\tstatus\tmedian_wall_s\tpeak_rss_mib\tlines\tfiles\tcheck_s\twarnings\tnote\n' >"$RESULTS"

for t in "${tools[@]}"; do say "peers: $(tool_version "$t")"; done
say "peers: $RUNS run(s) per tool and spec; machine: $(nproc) cores"

for spec_name in "${specs[@]}"; do
    if ! spec="$(spec_path "$spec_name")"; then
        say "peers: no spec file for $spec_name (not in target/corpus/cache, nor in scripts/corpus/run.sh's list); skipped"
        continue
    fi
    say "peers: $spec_name ($(wc -c <"$spec") bytes)"
    declare -A walls=() rsss=() failed=()
    for ((run = 1; run <= RUNS; run++)); do
        # Alternate the tools, starting each round with the next one.
        n=${#tools[@]}
        for ((k = 0; k < n; k++)); do
            tool="${tools[$(((run - 1 + k) % n))]}"
            dir="$OUT/$tool/$spec_name"
            crate="$(crate_name "$tool" "$spec_name")"
            log="$LOGS/$tool.$spec_name.generate.$run.log"
            read -r status wall rss < <(generate "$tool" "$spec" "$dir" "$crate" "$log")
            # openapi-generator can exit 0 after a failure it only logs.
            if [[ $status == 0 && ! -f "$dir/Cargo.toml" ]]; then status=254; fi
            say "  run $run: $tool: exit $status, ${wall}s, $((rss / 1024)) MiB"
            if [[ $status == 0 ]]; then
                walls[$tool]+="$wall "
                rsss[$tool]+="$rss "
                rm -f "$log"
            else
                failed[$tool]="exit $status: $(failure_reason "$log")"
                [[ $status == 124 ]] && failed[$tool]="timed out after ${TIMEOUT}s"
            fi
        done
    done
    for tool in "${tools[@]}"; do
        dir="$OUT/$tool/$spec_name"
        crate="$(crate_name "$tool" "$spec_name")"
        if [[ -n "${failed[$tool]:-}" ]]; then
            printf '%s\t%s\tgenerate failed\t-\t-\t-\t-\t-\t-\t%s\n' "$tool" "$spec_name" \
                "${failed[$tool]//$'\t'/ }" >>"$RESULTS"
            continue
        fi
        wall="$(tr ' ' '\n' <<<"${walls[$tool]}" | grep . | median)"
        rss="$(tr ' ' '\n' <<<"${rsss[$tool]}" | grep . | maximum)"
        rss_mib="$(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }')"
        files="$(find "$dir" -name '*.rs' | wc -l)"
        lines="$(find "$dir" -name '*.rs' -print0 | xargs -0 cat | wc -l)"
        status=ok check_s=- warnings=- note=""
        if [[ $check == 1 ]]; then
            say "peers: cargo check $tool/$spec_name"
            read -r cstatus check_s errors warnings < <(check_crate "$tool" "$dir" "$crate" \
                "$LOGS/$tool.$spec_name.check.log")
            if [[ $cstatus == 124 ]]; then
                status="check timed out" check_s=- warnings=-
            elif [[ $cstatus != 0 ]]; then
                status="check failed" note="$errors errors, see ${LOGS#"$ROOT"/}/$tool.$spec_name.check.log"
            fi
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$spec_name" "$status" "$wall" \
            "$rss_mib" "$lines" "$files" "$check_s" "$warnings" "$note" >>"$RESULTS"
    done
    unset walls rsss failed
done

# --- the table -------------------------------------------------------------------------------

{
    printf 'peers: %d run(s) each, alternating; wall = median, RSS = peak over the runs;\n' "$RUNS"
    printf "check = incremental \`cargo check\` of the crate (dependencies prebuilt); warnings = the crate's own\n\n"
    awk -F'\t' 'NR > 1 {
        wall = ($4 == "-") ? "-" : sprintf("%.3f s", $4)
        rss = ($5 == "-") ? "-" : $5 " MiB"
        chk = ($8 == "-") ? "-" : $8 " s"
        printf "%-18s %-14s %-16s %10s %9s %8s %6s %9s %9s  %s\n", $1, $2, $3, wall, rss, $6, $7, chk, $9, $10
    }
    BEGIN { printf "%-18s %-14s %-16s %10s %9s %8s %6s %9s %9s  %s\n", "tool", "spec", "status", "wall", "peak RSS", "lines", "files", "check", "warnings", "note" }' "$RESULTS"
    printf '\nclientgen / peer (below 1 means clientgen is smaller or faster)\n'
    awk -F'\t' 'NR > 1 { key = $2; if ($1 == "clientgen") { cw[key] = $4; cr[key] = $5; cl[key] = $6; cc[key] = $8 } else { n++; tool[n] = $1; spec[n] = $2; w[n] = $4; r[n] = $5; l[n] = $6; c[n] = $8 } }
    function ratio(a, b) { return (a == "" || a == "-" || b == "" || b == "-" || b + 0 == 0) ? "-" : sprintf("%.3f", a / b) }
    END {
        printf "%-18s %-14s %10s %9s %8s %9s\n", "peer", "spec", "wall", "peak RSS", "lines", "check"
        for (i = 1; i <= n; i++)
            printf "%-18s %-14s %10s %9s %8s %9s\n", tool[i], spec[i], ratio(cw[spec[i]], w[i]), ratio(cr[spec[i]], r[i]), ratio(cl[spec[i]], l[i]), ratio(cc[spec[i]], c[i])
    }' "$RESULTS"
} | tee "$TABLE"
say "peers: table in ${TABLE#"$ROOT"/}, data in ${RESULTS#"$ROOT"/}, logs in ${LOGS#"$ROOT"/}/"
exit 0
