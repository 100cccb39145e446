#!/usr/bin/env bash
# `{op}_stream` (issue 18), figures from tests/benches/streams (a crate of its own, built in
# release with the `streaming` fixture's client):
# - the peak memory of downloading SIZE bytes (default 1 GiB) through `download_file_stream`
#   from a server on loopback in the same process (`/usr/bin/time -v`, whose maximum resident set
#   includes the server's buffers), beside 1 MiB the same way (memory flat in the body's size)
#   and, with WHOLE=1, SIZE through `download_file` (the whole body in memory) for contrast;
#   goal under 32 MB;
# - the event-stream parser of the clients' runtime against eventsource-stream 0.2 on the same
#   bytes in the same chunks (OpenAI-like chat completion chunks; 64 B, 4 KiB and 64 KiB
#   chunks); goal at least as fast.
# The third figure of the issue, the cost of streams to a client that has none, is no timing:
# the end of this script shows the dependencies and the lines of a client without streams and of
# one with them; scripts/same-output.sh against a clientgen built before streams shows the rest
# (every spec without a streamed or binary body byte-identical).
#
#   bash scripts/bench/streams.sh [SIZE]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/tests/benches/streams"
export CARGO_TARGET_DIR="$ROOT/target/bench-streams"
cargo build --quiet --release --bins --manifest-path "$BENCH/Cargo.toml"
BIN="$CARGO_TARGET_DIR/release"
SIZE="${1:-1073741824}"

peak() { # ARGS...: the download's own line, then its peak memory
  /usr/bin/time -v "$BIN/download" "$@" 2> "$CARGO_TARGET_DIR/download.time"
  grep -E "Maximum resident set size" "$CARGO_TARGET_DIR/download.time"
}
echo "== download_file_stream, 1 MiB then $SIZE bytes (three runs)"
peak 1048576
for _ in 1 2 3; do peak "$SIZE"; done
if [[ "${WHOLE:-0}" == 1 ]]; then
  echo "== download_file (the whole body in memory), $SIZE bytes"
  peak "$SIZE" whole
fi

echo "== event-stream parser vs eventsource-stream"
for chunk in 64 4096 65536; do "$BIN/events" 200000 "$chunk" 9; done

echo "== dependencies of a client without streams (the flagship) and of one with them (streaming)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for spec in spec/smart_invites.yaml tests/fixtures/streaming.yaml; do
  name="$(basename "$spec" .yaml)"
  (cd "$ROOT" && env -u CARGO_TARGET_DIR cargo run --quiet -p clientgen -- generate "$spec" \
    --out "$OUT/$name" --name "$name" >/dev/null 2>&1)
  echo "-- $name: $(sed -n '/^\[dependencies\]/,/^\[/p' "$OUT/$name/Cargo.toml" |
    grep -oE '^[a-z0-9_-]+ =' | tr -d ' =' | tr '\n' ' ')"
  echo "   lines naming streams::, futures_util or bytes:: in src/: $(cat "$OUT/$name"/src/*.rs | grep -cE 'streams::|futures_util|bytes::' || true)"
done
