#!/usr/bin/env bash
# Decode speed of a large client's compact `Deserialize` against serde's derive, on GitHub's types
# (the criterion benchmark in tests/benches/decode), run several times: prints, per group, the
# median over the runs of each side's median time and of the ratio compact / derived taken run by
# run, with the smallest and largest ratio as the noise. See scripts/bench/README.md.
#
#   bash scripts/bench/decode.sh [RUNS]       # default 5
#
# Environment: CLIENTGEN_GITHUB_SPEC (default target/corpus/cache/specs/github.json, which
# `bash scripts/corpus/run.sh github` fetches).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
export CLIENTGEN_GITHUB_SPEC="${CLIENTGEN_GITHUB_SPEC:-$ROOT/target/corpus/cache/specs/github.json}"
if [ ! -f "$CLIENTGEN_GITHUB_SPEC" ]; then
    echo "no GitHub description at $CLIENTGEN_GITHUB_SPEC: run \`bash scripts/corpus/run.sh github\` or set CLIENTGEN_GITHUB_SPEC" >&2
    exit 2
fi
BENCH="$ROOT/tests/benches/decode"
OUT="$BENCH/target/decode-runs"
mkdir -p "$OUT"
rm -f "$OUT"/run-*.tsv
cargo bench --manifest-path "$BENCH/Cargo.toml" --bench decode --no-run
for i in $(seq "$RUNS"); do
    (cd "$BENCH" && cargo bench --bench decode -- --noplot >"$OUT/run-$i.log" 2>&1)
    python3 - "$BENCH/target/criterion" >"$OUT/run-$i.tsv" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
for group in ("full-repository", "issue", "pull-request"):
    t = {side: json.loads((root / group / side / "new" / "estimates.json").read_text())["median"]["point_estimate"]
         for side in ("compact", "derived")}
    print(f"{group}\t{t['compact']}\t{t['derived']}")
PY
    echo "run $i of $RUNS done" >&2
done
python3 - "$OUT" "$RUNS" <<'PY'
import pathlib, statistics, sys
out, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
rows = {}
for i in range(1, runs + 1):
    for line in (out / f"run-{i}.tsv").read_text().splitlines():
        group, c, d = line.split("\t")
        rows.setdefault(group, []).append((float(c), float(d)))
print(f"{'group':<16} {'compact ms':>10} {'derived ms':>10} {'compact/derived':>15} {'min':>6} {'max':>6}  ({runs} runs)")
for group, pairs in rows.items():
    ratios = [c / d for c, d in pairs]
    print(f"{group:<16} {statistics.median(c for c, _ in pairs) / 1e6:>10.2f} "
          f"{statistics.median(d for _, d in pairs) / 1e6:>10.2f} {statistics.median(ratios):>15.3f} "
          f"{min(ratios):>6.3f} {max(ratios):>6.3f}")
PY
