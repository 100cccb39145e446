#!/usr/bin/env bash
# Stoplight Prism as a contract check of the flagship client and of the fixture clients: starts
# `prism mock --errors` and `prism mock -d` on spec/smart_invites.yaml, and `prism mock --errors`
# on each fixture named in FIXTURES of tests/tests/prism.rs (loopback ports), then runs the
# ignored tests of tests/tests/prism.rs against them. Fails on any request Prism flags that the
# test's KNOWN_WRONG does not list, and on any response a client cannot decode. Prism is
# installed into target/prism on first use (npm).
# See scripts/oracles/README.md for what Prism cannot judge.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

prefix="target/prism"
prism="$prefix/node_modules/.bin/prism"
if [ ! -x "$prism" ]; then
  echo "prism: installing @stoplight/prism-cli into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error @stoplight/prism-cli >&2
fi

spec="spec/smart_invites.yaml"
errors_port="${PRISM_ERRORS_PORT:-4810}"
dynamic_port="${PRISM_DYNAMIC_PORT:-4811}"
logs="target/prism/logs"
mkdir -p "$logs"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

"$prism" mock --errors -h 127.0.0.1 -p "$errors_port" "$spec" >"$logs/errors.log" 2>&1 &
pids+=("$!")
"$prism" mock -d -h 127.0.0.1 -p "$dynamic_port" "$spec" >"$logs/dynamic.log" 2>&1 &
pids+=("$!")

# One Prism in errors mode per fixture the tests drive (their list, read from the test).
fixtures_port="${PRISM_FIXTURES_PORT:-4820}"
fixtures=$(awk '/^const FIXTURES: /,/\];/' tests/tests/prism.rs | grep -o '"[a-z_0-9]*"' | tr -d '"' | tr '\n' ' ' | sed 's/ $//')
if [ -z "$fixtures" ]; then
  echo "prism: no FIXTURES list found in tests/tests/prism.rs" >&2
  exit 1
fi
ports=("$errors_port" "$dynamic_port")
given=""
port="$fixtures_port"
# Prism 5 stops on some valid requests (see KNOWN_WRONG in the test): a fixture's mock is
# started again when it stops, and the test's proxy waits for it.
supervise() {
  local child=""
  trap 'kill "$child" 2>/dev/null; exit 0' TERM
  while :; do
    "$@" &
    child=$!
    wait "$child" || true
    sleep 0.2
  done
}
for name in $fixtures; do
  : >"$logs/fixture.$name.log"
  supervise "$prism" mock --errors -h 127.0.0.1 -p "$port" "tests/fixtures/$name.yaml" >>"$logs/fixture.$name.log" 2>&1 &
  pids+=("$!")
  ports+=("$port")
  given="${given:+$given,}$name=http://127.0.0.1:$port"
  port=$((port + 1))
done

# Build the tests while Prism starts.
cargo test -q -p clientgen-tests --test clients --no-run

for port in "${ports[@]}"; do
  for _ in $(seq 1 120); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "prism: the mock on port $port did not start; the logs:" >&2
    tail -n 20 "$logs"/*.log >&2
    exit 1
  fi
done

PRISM_ERRORS_URL="http://127.0.0.1:$errors_port" \
PRISM_DYNAMIC_URL="http://127.0.0.1:$dynamic_port" \
PRISM_FIXTURES="$given" \
  cargo test -q -p clientgen-tests --test clients prism:: -- --ignored --test-threads 1
echo "prism: the flagship client passes both Prism modes, and the fixture clients ($fixtures) errors mode"
