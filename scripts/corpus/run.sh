#!/usr/bin/env bash
# Corpus run: generate a client for each of a dozen real public OpenAPI 3.0 documents and
# `cargo check` it. See scripts/corpus/README.md.
#
#   bash scripts/corpus/run.sh [--no-build] [--extended] [--fetch-only] [NAME...]
#
# --no-build uses the existing target/release/clientgen; --extended adds eleven more specs; NAMEs
# pick specs from the table below; --fetch-only fetches them into the cache (checksums checked),
# prints their paths and stops (`.ci/run` uses it for the decode benchmark's GitHub description).
#
# Environment:
#   CORPUS_DIR            where the generated crates go (default /tmp/clientgen-corpus; kept
#                         outside the repository so the workspace does not claim them)
#   CORPUS_CHECK_TIMEOUT  seconds allowed for one `cargo check` (default 1800)
#   CLIENTGEN             use this clientgen binary instead of building one
#
# Exit status: 0 when every spec generated, compiled and had no warnings; 1 otherwise; 2 when
# the corpus could not be fetched or clientgen could not be built.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="$ROOT/target/corpus"
CACHE="$CORPUS/cache"
SPECS="$CACHE/specs"
LOGS="$CORPUS/logs"
CHECK_TARGET="$CORPUS/target"
OUT_ROOT="${CORPUS_DIR:-/tmp/clientgen-corpus}"
CHECK_TIMEOUT="${CORPUS_CHECK_TIMEOUT:-1800}"

# Pinned sources. Every spec comes out of one of these packages.
OPENAPIV3_CRATE="openapiv3"      # crates.io; its fixtures/ folder holds the OAI examples and more
OPENAPIV3_VERSION="2.2.0"
OAS_EXAMPLES_NPM="@readme/oas-examples"
OAS_EXAMPLES_VERSION="8.2.2"
OCTOKIT_NPM="@octokit/openapi"
OCTOKIT_VERSION="23.0.2"
SPEC_VALIDATOR_PYPI="openapi-spec-validator"
SPEC_VALIDATOR_VERSION="0.7.1"

# name | source | path inside the package | sha256 of the file [| reject]
# `reject` marks a spec that is invalid (fitbit has `$ref: ""` eight times): it passes when
# clientgen refuses it with exit status 1 and fails if clientgen generates a crate from it.
#   crate         the openapiv3 crate's fixtures (crates.io)
#   oas-examples  @readme/oas-examples (npm): the OAI examples and others, as 3.0 YAML
#   octokit       @octokit/openapi (npm): GitHub's REST description
#   spec-validator  the openapi-spec-validator sdist (PyPI): its copy of the OAI petstore
CORPUS_TABLE="
petstore|spec-validator|tests/integration/data/v3.0/petstore.yaml|b204f80cbb56cb8e4fc7a6129f9e2e6f6be5b47e998692aa6eb4fa188131c1c5
petstore-expanded|oas-examples|3.0/yaml/petstore-expanded.yaml|d0fa7220b32dcf797f456f011430635c2dbaf2a2c795a3b9c2c465e3c8d42a00
api-with-examples|crate|fixtures/api-with-examples.yaml|8ae5c53558d924be8bc3d6b3fd692955f5e2ccfed36af22dd6a1e39f22589c7b
link-example|oas-examples|3.0/yaml/link-example.yaml|92b502f64d80d67e2a8e634e5b82e9b7ae1f1e8fb5b754cc1c2cad1102447206
callback-example|crate|fixtures/callback-example.yaml|c9695b830c457df0b2f7e62f91b270be5628f239947926e279ccca895b950c0f
uspto|oas-examples|3.0/yaml/uspto.yaml|c69c12ac25e58bc9a204b28bb696bcf83312e729a4011461672e7f86acb4c65b
swagger-petstore|oas-examples|3.0/yaml/petstore.yaml|e99423b51f285d18b077a2ac766041e61981d6f198e46a96a97b489112483bb2
docker|crate|fixtures/docker.yaml|3fcc09be6c7a6be6a6cb001a9d3d71407098b316ee965403dfab03a54d5275c6
twilio|crate|fixtures/twilio.json|4c780dbf7ca1fa5d4eb0215c5750e87874bad66a427eca8cf6f2d9839d77db92
slack|crate|fixtures/slack.json|a22b66bde2b9005a6f0ffa1ad21c309c7965a95f9b82512aaedfc316c5a0651c
stripe|crate|fixtures/stripe.yaml|517a4f5d0ddc5f17f6994fcee66993b5fe03db267040bc7a33b31f55fa50167a
github|octokit|generated/api.github.com.json|829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a
"

# --extended adds these: the rest of the openapiv3 fixtures and a larger ReadMe example.
EXTENDED_TABLE="
star-trek|oas-examples|3.0/yaml/star-trek.yaml|
quayio|crate|fixtures/quayio.yaml|
fitbit|crate|fixtures/fitbit.json||reject
adobe-aem|crate|fixtures/adobe_aem.yaml|
azure-advisor|crate|fixtures/azure_advisor.yaml|
authentiq|crate|fixtures/authentiq.yaml|
polygon|crate|fixtures/polygon.json|
walmart|crate|fixtures/walmart.json|
xkcd|crate|fixtures/xkcd.json|
forge|crate|fixtures/forge.yaml|
swagger-generator|crate|fixtures/swagger_generator.json|
"

say() { printf '%s\n' "$*" >&2; }
die() { say "corpus: $*"; exit 2; }

build=1
fetch_only=0
only=()
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        --extended) CORPUS_TABLE="$CORPUS_TABLE$EXTENDED_TABLE" ;;
        --fetch-only) fetch_only=1 ;;
        -h | --help) sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $arg" ;;
        *) only+=("$arg") ;;
    esac
done

mkdir -p "$CACHE/npm" "$SPECS" "$LOGS" "$CHECK_TARGET" "$OUT_ROOT" || die "cannot create folders"

# --- fetching --------------------------------------------------------------------------------

# npm_tarball PACKAGE VERSION -> prints the path of the cached tarball, fetching it once.
npm_tarball() {
    local pkg="$1" version="$2"
    local file
    file="$(printf '%s-%s.tgz' "${pkg#@}" "$version" | tr '/' '-')"
    if [[ ! -s "$CACHE/npm/$file" ]]; then
        say "corpus: fetching $pkg@$version from npm"
        (cd "$CACHE/npm" && npm pack --silent "$pkg@$version" >/dev/null) ||
            die "npm pack $pkg@$version failed"
        [[ -s "$CACHE/npm/$file" ]] || die "npm pack $pkg@$version did not produce $file"
    fi
    printf '%s\n' "$CACHE/npm/$file"
}

# pypi_sdist PACKAGE VERSION -> prints the path of the cached source distribution.
pypi_sdist() {
    local pkg="$1" version="$2"
    local found
    found="$(ls "$CACHE/pypi/"*"-$version.tar.gz" 2>/dev/null | head -n 1)"
    if [[ -z "$found" ]]; then
        say "corpus: fetching $pkg==$version from PyPI"
        mkdir -p "$CACHE/pypi"
        python3 -m pip download --quiet --no-deps --no-binary :all: -d "$CACHE/pypi" \
            "$pkg==$version" >&2 || die "pip download $pkg==$version failed"
        found="$(ls "$CACHE/pypi/"*"-$version.tar.gz" 2>/dev/null | head -n 1)"
        [[ -n "$found" ]] || die "pip download $pkg==$version produced no sdist"
    fi
    printf '%s\n' "$found"
}

# crate_dir -> prints the unpacked source folder of the pinned openapiv3 crate, fetching it
# once through cargo (a throwaway package that depends on it, then `cargo metadata`).
crate_dir() {
    local fetch="$CACHE/crates/openapiv3-fetch"
    if [[ ! -s "$fetch/source-dir" || ! -d "$(cat "$fetch/source-dir" 2>/dev/null)" ]]; then
        say "corpus: fetching $OPENAPIV3_CRATE $OPENAPIV3_VERSION from crates.io"
        mkdir -p "$fetch/src"
        cat >"$fetch/Cargo.toml" <<EOF
[package]
name = "corpus-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$OPENAPIV3_CRATE = "=$OPENAPIV3_VERSION"

[workspace]
EOF
        : >"$fetch/src/lib.rs"
        (cd "$fetch" && cargo fetch --quiet) || die "cargo fetch of $OPENAPIV3_CRATE failed"
        (cd "$fetch" && cargo metadata --offline --format-version 1) 2>/dev/null |
            jq -r --arg n "$OPENAPIV3_CRATE" --arg v "$OPENAPIV3_VERSION" \
                '.packages[] | select(.name == $n and .version == $v) | .manifest_path' |
            xargs -r dirname >"$fetch/source-dir"
        [[ -d "$(cat "$fetch/source-dir")" ]] || die "cannot locate the $OPENAPIV3_CRATE source"
    fi
    cat "$fetch/source-dir"
}

# fetch_spec NAME SOURCE PATH SHA256 -> prints the cached spec file.
fetch_spec() {
    local name="$1" source="$2" path="$3" sha="$4"
    local ext="${path##*.}"
    local dest="$SPECS/$name.$ext"
    if [[ ! -s "$dest" ]]; then
        local tmp
        tmp="$(mktemp -d)"
        case "$source" in
            crate) cp "$(crate_dir)/$path" "$tmp/spec" ;;
            oas-examples | octokit)
                local pkg version
                if [[ "$source" == oas-examples ]]; then
                    pkg="$OAS_EXAMPLES_NPM" version="$OAS_EXAMPLES_VERSION"
                else
                    pkg="$OCTOKIT_NPM" version="$OCTOKIT_VERSION"
                fi
                local tarball
                tarball="$(npm_tarball "$pkg" "$version")" || exit 2
                tar -xzf "$tarball" -C "$tmp" "package/$path" && mv "$tmp/package/$path" "$tmp/spec"
                ;;
            spec-validator)
                local sdist top
                sdist="$(pypi_sdist "$SPEC_VALIDATOR_PYPI" "$SPEC_VALIDATOR_VERSION")" || exit 2
                top="$(basename "$sdist" .tar.gz)"
                tar -xzf "$sdist" -C "$tmp" "$top/$path" && mv "$tmp/$top/$path" "$tmp/spec"
                ;;
            *) die "unknown source $source" ;;
        esac
        [[ -s "$tmp/spec" ]] || die "could not extract $path for $name"
        local sum
        sum="$(sha256sum "$tmp/spec" | cut -d' ' -f1)"
        if [[ -n "$sha" && "$sum" != "$sha" ]]; then
            die "$name: $path has sha256 $sum, expected $sha (a different package version?)"
        fi
        mv "$tmp/spec" "$dest"
        rm -rf "$tmp"
    fi
    printf '%s\n' "$dest"
}

# count_operations SPEC -> number of operations under `paths` (or `?`).
count_operations() {
    python3 - "$1" 2>/dev/null <<'EOF' || echo '?'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    if path.endswith(".json"):
        doc = json.load(f)
    else:
        import yaml
        doc = yaml.safe_load(f)
methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
print(sum(1 for item in (doc.get("paths") or {}).values() if isinstance(item, dict)
          for key in item if key in methods))
EOF
}

if [[ $fetch_only == 1 ]]; then
    while IFS='|' read -r name source path sha _; do
        [[ -z "$name" ]] && continue
        if ((${#only[@]})) && [[ " ${only[*]} " != *" $name "* ]]; then continue; fi
        fetch_spec "$name" "$source" "$path" "$sha" || exit 2
    done <<<"$CORPUS_TABLE"
    exit 0
fi

# --- clientgen -------------------------------------------------------------------------------

if [[ -n "${CLIENTGEN:-}" ]]; then
    BIN="$CLIENTGEN"
elif [[ $build == 1 ]]; then
    say "corpus: cargo build --release -p clientgen"
    (cd "$ROOT" && cargo build --release --quiet -p clientgen) || die "clientgen does not build"
    BIN="$ROOT/target/release/clientgen"
else
    BIN="$ROOT/target/release/clientgen"
fi
[[ -x "$BIN" ]] || die "no clientgen binary at $BIN"
# Others may rebuild target/release while this runs: use one copy throughout.
cp "$BIN" "$CORPUS/clientgen" || die "cannot copy $BIN"
BIN="$CORPUS/clientgen"

# --- the run ---------------------------------------------------------------------------------

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# check_crate DIR CRATE LOG -> prints "<errors> <warnings>" for the crate's own diagnostics and
# writes every rendered diagnostic (and cargo's own stderr) to LOG. Returns cargo's status.
check_crate() {
    local dir="$1" crate="$2" log="$3"
    local json="$log.json"
    (cd "$dir" && CARGO_TARGET_DIR="$CHECK_TARGET" timeout "$CHECK_TIMEOUT" \
        cargo check --quiet --message-format json --color never) >"$json" 2>"$log.stderr"
    local status=$?
    {
        jq -r --arg c "$crate" 'select(.reason == "compiler-message")
            | select(.package_id | test("[/#]" + $c + "[@#]"))
            | .message.rendered' "$json" 2>/dev/null
        cat "$log.stderr"
        [[ $status == 124 ]] && echo "corpus: cargo check timed out after ${CHECK_TIMEOUT}s"
    } >"$log"
    jq -r --arg c "$crate" 'select(.reason == "compiler-message")
        | select(.package_id | test("[/#]" + $c + "[@#]"))
        | .message.level' "$json" 2>/dev/null |
        awk '/^error/ { e++ } /^warning/ { w++ } END { printf "%d %d\n", e, w }'
    rm -f "$log.stderr"
    return $status
}

printf '%-18s %6s %4s %5s %6s %8s %8s\n' spec ops gen build warn gen_s check_s
total=0 generated=0 compiled=0 clean=0 rejected=0
failures=()
while IFS='|' read -r name source path sha expect; do
    [[ -z "$name" ]] && continue
    if ((${#only[@]})) && [[ " ${only[*]} " != *" $name "* ]]; then continue; fi
    total=$((total + 1))
    spec="$(fetch_spec "$name" "$source" "$path" "$sha")" || exit 2
    ops="$(count_operations "$spec")"
    crate="$name-client"
    out="$OUT_ROOT/$name"
    gen_log="$LOGS/$name.generate.log"
    check_log="$LOGS/$name.check.log"
    rm -f "$gen_log" "$check_log" "$check_log.json"
    [[ -n "$OUT_ROOT" && -n "$name" ]] && rm -rf "${OUT_ROOT:?}/${name:?}"

    gen=no build=- warn=- check_s=-
    t0="$(now)"
    "$BIN" generate "$spec" --out "$out" --name "$crate" >"$gen_log" 2>&1
    gen_status=$?
    gen_s="$(elapsed "$t0" "$(now)")"
    if [[ $gen_status == 0 ]]; then
        gen=yes generated=$((generated + 1))
        rm -f "$gen_log"
        # Keep cargo from looking for a workspace above the crate, and pin dependency versions
        # to the repository's lock file so every crate shares one build of them.
        grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >>"$out/Cargo.toml"
        [[ -f "$out/Cargo.lock" ]] || cp "$ROOT/Cargo.lock" "$out/Cargo.lock"
        t0="$(now)"
        counts="$(check_crate "$out" "$crate" "$check_log")"
        check_status=$?
        check_s="$(elapsed "$t0" "$(now)")"
        warn="${counts#* }"
        if [[ $check_status == 0 ]]; then
            build=yes compiled=$((compiled + 1))
            [[ "$warn" == 0 ]] && clean=$((clean + 1))
        else
            build=no
        fi
        [[ "$build" == yes && "$warn" == 0 ]] && rm -f "$check_log" "$check_log.json"
    else
        printf 'clientgen exited %d\n' "$gen_status" >>"$gen_log"
        if [[ "$expect" == reject && $gen_status == 1 ]]; then
            gen=rej rejected=$((rejected + 1))
        fi
    fi
    printf '%-18s %6s %4s %5s %6s %8s %8s\n' "$name" "$ops" "$gen" "$build" "$warn" "$gen_s" "$check_s"
    if [[ $gen == rej ]]; then
        :
    elif [[ $gen == no ]]; then
        failures+=("$name: generate failed, see ${gen_log#"$ROOT"/}")
    elif [[ "$expect" == reject ]]; then
        failures+=("$name: invalid spec was not refused")
    elif [[ $build == no ]]; then
        failures+=("$name: cargo check failed (${counts% *} errors), see ${check_log#"$ROOT"/}")
    elif [[ $warn != 0 ]]; then
        failures+=("$name: $warn warnings, see ${check_log#"$ROOT"/}")
    fi
done <<<"$CORPUS_TABLE"

for f in "${failures[@]}"; do printf '  %s\n' "$f"; done
verdict=ok
((${#failures[@]})) && verdict=FAILED
printf 'corpus: %d specs, %d generated, %d compiled, %d without warnings, %d invalid refused: %s\n' \
    "$total" "$generated" "$compiled" "$clean" "$rejected" "$verdict"
[[ $verdict == ok ]]
