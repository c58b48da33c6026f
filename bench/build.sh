#!/usr/bin/env bash
# Full build of the 10,000-article + 2,000-record corpus: huimin against Hugo on the same
# articles, in the same run; wall time, CPU and peak memory (GNU time), best of RUNS.
#
#   bench/build.sh              # corpus in target/bench/corpus, made on first use
#   CORPUS=/tmp/corpus RUNS=5 bench/build.sh
#   OUT_PARENT=/dev/shm bench/build.sh   # write to memory, to take the disk out of the figures
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-target/bench/corpus}
GEN=${GEN:-../shared/bench/gen_corpus.py}
RUNS=${RUNS:-3}
[ -d "$CORPUS/content" ] || python3 "$GEN" "$CORPUS" --articles 10000 --activities 2000
cargo build --release --locked
out=$(mktemp -d -p "${OUT_PARENT:-${TMPDIR:-/tmp}}")
trap 'rm -rf "$out"' EXIT
run() {
  local name=$1; shift
  for i in $(seq "$RUNS"); do
    rm -rf "$out/site"
    /usr/bin/time -f "$name run $i: %e s wall, %P CPU, %M KB peak" "$@" >/dev/null 2>"$out/log" || { cat "$out/log"; exit 1; }
    tail -1 "$out/log"
  done
}
run "huimin build" target/release/huimin build -r "$CORPUS" -o "$out/site"
run "huimin check" target/release/huimin check -r "$CORPUS"
if command -v hugo >/dev/null 2>&1; then
  echo "($(hugo version | cut -d' ' -f1-2))"
  run "hugo" hugo -s "$CORPUS/hugo" -d "$out/site" --quiet
fi
