#!/bin/sh
# Image figures for the README: 100 phone-size photos (4000×3000, ~3–4 MB each, GPS and
# orientation flags) processed cold and warm, and what an article with three photos weighs.
# Usage: bench/images.sh [DIR] [N]   (builds release binaries first)
set -eu
dir=${1:-/tmp/huimin-bench-images}
n=${2:-100}
cargo build --release --example bench_photos
cargo build --release
rm -rf "$dir"
target/release/examples/bench_photos "$dir" "$n"
bin=$PWD/target/release/huimin
cd "$dir"
du -sh content/articles/img | sed 's/^/sources: /'
t0=$(date +%s.%N); "$bin" build --verbose; t1=$(date +%s.%N)
echo "cold: $(echo "$t1 - $t0" | bc) s"
t0=$(date +%s.%N); "$bin" build --verbose; t1=$(date +%s.%N)
echo "warm: $(echo "$t1 - $t0" | bc) s"
echo "article with three photos (public/articles/three/):"
html=$(wc -c < public/articles/three/index.html)
css=$(wc -c < public/theme/site.css)
echo "  html $html bytes, css $css bytes"
for w in 480 960 1600; do
  echo "  three photos at ${w}w: $(cat public/articles/three/img/p00[123]-$w.jpg | wc -c) bytes"
done
echo "  three originals: $(cat content/articles/img/p00[123].jpg | wc -c) bytes"
