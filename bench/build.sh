#!/usr/bin/env bash
# Whole-site builds of the synthetic corpus, huimin against Hugo on the same articles, alternating
# in one run: a build into a new, empty folder; the same build again over its existing output with
# nothing changed (what an editor runs every day); the build after editing one article. Medians of
# RUNS with min–max, peak memory (GNU time %M), the output's bytes and files, and the `cp -r` of
# huimin's own output as the floor of writing it. Prints a Markdown table (README "Performance").
#
#   bench/build.sh                          # 10,000 articles + 2,000 records, 5 runs
#   bench/build.sh --articles 99999 --activities 20000 --runs 1
#   bench/build.sh --smoke                  # 1,000 articles, 1 run, no figures asserted (.ci/run)
#   CORPUS=/tmp/c OUT_PARENT=/dev/shm bench/build.sh   # reuse a corpus; output in memory
#
# Needs python3 and ../shared/bench/gen_corpus.py (or GEN=…); Hugo is optional (Debian: apt-get
# install hugo): without it only huimin's rows are measured. Each timed command starts after a
# `sync` (outside the timing), so one command's write-back does not land in the next one's figure.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-10000}
ACTIVITIES=${ACTIVITIES:-}
RUNS=${RUNS:-5}
SMOKE=0
# Hugo has no search: the fresh-build rows compare like with like only with huimin's search off.
# SEARCH_OFF=0 measures the fresh build with search on as well.
SEARCH_OFF=${SEARCH_OFF:-1}
while [ $# -gt 0 ]; do
  case $1 in
    --articles) ARTICLES=$2; shift 2 ;;
    --activities) ACTIVITIES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --smoke) SMOKE=1; SEARCH_OFF=0; ARTICLES=1000; RUNS=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench/build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$ARTICLES" -gt 99999 ]; then
  echo "note: the corpus generator makes at most 99,999 articles; using 99999"
  ARTICLES=99999
fi
ACTIVITIES=${ACTIVITIES:-$((ARTICLES / 5))}
if [ -z "${GEN:-}" ]; then
  # The shared generator beside the repository, wherever the clone is.
  for g in ../shared/bench/gen_corpus.py ../../shared/bench/gen_corpus.py /work/shared/bench/gen_corpus.py; do
    [ -f "$g" ] && GEN=$g && break
  done
fi
if [ -z "${CORPUS:-}" ]; then
  if [ "$ARTICLES" = 10000 ] && [ "$ACTIVITIES" = 2000 ]; then
    CORPUS=target/bench/corpus # shared with bench/latency.sh
  else
    CORPUS=target/bench/corpus-$ARTICLES-$ACTIVITIES
  fi
fi
if [ ! -d "$CORPUS/content" ]; then
  if [ -z "${GEN:-}" ]; then
    echo "note: bench/build.sh: no corpus generator (../shared/bench/gen_corpus.py, or GEN=…); nothing measured"
    # A smoke run in CI must not fail for want of the shared tools; a real run must say so.
    [ "$SMOKE" = 1 ] && exit 0
    exit 1
  fi
  python3 "$GEN" "$CORPUS" --articles "$ARTICLES" --activities "$ACTIVITIES"
fi
CORPUS=$(cd "$CORPUS" && pwd)
if [ -z "${HUIMIN:-}" ]; then
  cargo build --release --locked
  HUIMIN=$PWD/target/release/huimin
fi
have_hugo=0
command -v hugo >/dev/null 2>&1 && [ -d "$CORPUS/hugo" ] && have_hugo=1
[ "$have_hugo" = 1 ] || echo "note: hugo is not installed (or the corpus has no hugo/): huimin's rows only"

out=$(mktemp -d -p "${OUT_PARENT:-${TMPDIR:-/tmp}}" huimin-bench.XXXXXX)
article=content/articles/a00001.md
cp "$CORPUS/$article" "$out/article.orig"
cp "$CORPUS/site.yaml" "$out/site.yaml.orig"
mkdir "$out/rows"
restore() {
  cp "$out/article.orig" "$CORPUS/$article"
  [ ! -d "$CORPUS/hugo" ] || cp "$out/article.orig" "$CORPUS/hugo/$article"
  cp "$out/site.yaml.orig" "$CORPUS/site.yaml"
  rm -rf "$out"
}
trap restore EXIT

# timed ROW CMD…: run CMD once after a sync; append "seconds peak-KiB" to $out/ROW.
timed() {
  local row=$1; shift
  sync
  if ! /usr/bin/time -o "$out/time" -f "%e %M" "$@" >"$out/log" 2>&1; then
    cat "$out/log" >&2
    echo "bench/build.sh: failed: $*" >&2
    exit 1
  fi
  cat "$out/time" >>"$out/rows/$row"
}
huimin() { timed "$1" "$HUIMIN" build -r "$CORPUS" -o "$2"; }
hugo_build() { timed "$1" hugo -s "$CORPUS/hugo" -d "$2" --quiet; }
search_off() {
  [ "$SEARCH_OFF" = 1 ] && printf '\nsearch: false\n' >>"$CORPUS/site.yaml"
  return 0
}

echo "corpus: $CORPUS ($ARTICLES articles, $ACTIVITIES records), $RUNS runs, output in $out"
# The everyday outputs, built once before the timed rebuilds.
"$HUIMIN" build -r "$CORPUS" -o "$out/live" >/dev/null 2>&1
[ "$have_hugo" = 0 ] || hugo -s "$CORPUS/hugo" -d "$out/hlive" --quiet >/dev/null 2>&1
for i in $(seq "$RUNS"); do
  rm -rf "$out/fresh" "$out/hfresh" "$out/copy"
  search_off
  huimin fresh "$out/fresh"
  cp "$out/site.yaml.orig" "$CORPUS/site.yaml"
  [ "$have_hugo" = 0 ] || hugo_build hfresh "$out/hfresh"
  sync
  timed copy cp -r "$out/fresh" "$out/copy"
  huimin rebuild "$out/live"
  [ "$have_hugo" = 0 ] || hugo_build hrebuild "$out/hlive"
  if [ "$SMOKE" = 1 ] && [ "$SEARCH_OFF" = 0 ]; then
    # Reusing the old output must give exactly what a fresh build gives.
    diff -r "$out/fresh" "$out/live" >/dev/null || { echo "bench/build.sh: rebuild differs from a fresh build" >&2; exit 1; }
  fi
  printf '\n编辑第 %s 次。\n' "$i" >>"$CORPUS/$article"
  [ "$have_hugo" = 0 ] || cp "$CORPUS/$article" "$CORPUS/hugo/$article"
  huimin edit "$out/live"
  [ "$have_hugo" = 0 ] || hugo_build hedit "$out/hlive"
  echo "run $i of $RUNS done"
done

# cell ROW: "median s (min–max), peak MiB" of a row, or "–".
median() { sort -n | awk '{a[NR]=$1} END {if (NR) printf "%s", a[int((NR+1)/2)]}'; }
cell() {
  [ -s "$out/rows/$1" ] || { printf -- '–'; return; }
  local t m lo hi
  t=$(cut -d' ' -f1 "$out/rows/$1" | median)
  lo=$(cut -d' ' -f1 "$out/rows/$1" | sort -n | head -1)
  hi=$(cut -d' ' -f1 "$out/rows/$1" | sort -n | tail -1)
  m=$(cut -d' ' -f2 "$out/rows/$1" | median)
  printf '%s s (%s–%s), %s MiB' "$t" "$lo" "$hi" "$((m / 1024))"
}
ratio() {
  [ -s "$out/rows/$1" ] && [ -s "$out/rows/$2" ] || { printf -- '–'; return; }
  awk -v a="$(cut -d' ' -f1 "$out/rows/$1" | median)" -v b="$(cut -d' ' -f1 "$out/rows/$2" | median)" \
    'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "–"}'
}
size() {
  [ -d "$1" ] || { printf -- '–'; return; }
  printf '%s MB in %s files' "$(du -sb "$1" | awk '{printf "%.0f", $1 / 1e6}')" "$(find "$1" -type f | wc -l)"
}
hugo_version=$([ "$have_hugo" = 0 ] || hugo version | cut -d' ' -f2 | cut -d+ -f1)
echo
echo "$ARTICLES articles + $ACTIVITIES records, medians of $RUNS (min–max), $(nproc) cores, $(date -u +%F)"
echo
echo "| what | huimin | Hugo ${hugo_version:-(not installed)} | huimin / Hugo |"
echo "|---|---|---|---|"
echo "| build into a new, empty folder$([ "$SEARCH_OFF" = 1 ] && echo ' (huimin: search off)') | $(cell fresh) | $(cell hfresh) | $(ratio fresh hfresh) |"
echo "| build again over the existing output, nothing changed | $(cell rebuild) | $(cell hrebuild) | $(ratio rebuild hrebuild) |"
echo "| build again after editing one article | $(cell edit) | $(cell hedit) | $(ratio edit hedit) |"
echo "| \`cp -r\` of huimin's output (the floor of writing it) | $(cell copy) | | fresh / cp: $(ratio fresh copy) |"
echo "| output | $(size "$out/fresh") | $(size "$out/hfresh") | |"
