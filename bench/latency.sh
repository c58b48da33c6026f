#!/usr/bin/env bash
# Edit-to-disk latency of `huimin serve` on the 10,000-article + 2,000-record corpus, and of
# `hugo server --renderToDisk` on the same articles when hugo is installed, in one run.
#
#   bench/latency.sh            # corpus in target/bench/corpus, made on first use
#   REPS=20 bench/latency.sh
#
# Needs ../shared/bench/gen_corpus.py and watch_latency.py (or GEN=… LAT=…).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-target/bench/corpus}
GEN=${GEN:-../shared/bench/gen_corpus.py}
LAT=${LAT:-../shared/bench/watch_latency.py}
REPS=${REPS:-10}
[ -d "$CORPUS/content" ] || python3 "$GEN" "$CORPUS" --articles 10000 --activities 2000
CORPUS=$(cd "$CORPUS" && pwd)
cargo build --release --locked --example edit_latency
huimin="$PWD/target/release/huimin"

echo "== huimin: rebuild only (no watcher, no debounce), 1.5 s idle before each edit"
target/release/examples/edit_latency "$CORPUS" content/articles/a00001.md "$REPS" 1500 | tail -1
echo "== huimin: rebuild only, back to back"
target/release/examples/edit_latency "$CORPUS" content/articles/a00001.md "$REPS" 0 | tail -1
rm -rf "$CORPUS/bench-out"

echo "== huimin serve: save to new HTML on disk (includes the 50 ms debounce)"
rm -rf "$CORPUS/out" /tmp/watch-huimin.log
python3 "$LAT" "$CORPUS" "$CORPUS/out/articles/a00001/index.html" "$CORPUS/content/articles/a00001.md" "$REPS" 1.5 \
  -- "$huimin" serve --port 0 --output out | tail -1
echo "   huimin's own rebuild times in that run (save seen → files written):"
grep -o 'rebuilt the affected pages.*' /tmp/watch-huimin.log | grep -o '[0-9.]* ms$' | sort -n | awk '{a[NR]=$1} END {print "   median " a[int((NR+1)/2)] " ms, min " a[1] ", max " a[NR] " ms"}'
rm -rf "$CORPUS/out"

if command -v hugo >/dev/null 2>&1; then
  echo "== hugo server --renderToDisk: save to new HTML on disk ($(hugo version | cut -d' ' -f1-2))"
  rm -rf "$CORPUS/hugo/public"
  python3 "$LAT" "$CORPUS/hugo" "$CORPUS/hugo/public/articles/a00001/index.html" "$CORPUS/hugo/content/articles/a00001.md" "$REPS" 1.5 \
    -- hugo server --renderToDisk --bind 127.0.0.1 --port 1313 | tail -1
  rm -rf "$CORPUS/hugo/public"
fi
