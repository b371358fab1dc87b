#!/usr/bin/env bash
# Makes the traces that bench/run.sh replays, in bench/out/ (git-ignored; OUT=DIR to choose).
#
#   bench/make-traces.sh [ACCESSES]        synthetic traces of ACCESSES accesses each (20 M)
#   BIG=1 bench/make-traces.sh             also a 100 M-access trace over 1 M pages (2.4 GB)
#
# Synthetic: uniform over 16 K pages, zipf 0.9 over 1 M pages, a loop over 5000 pages, each as
# oracleGeneral binary, page numbers text and lackey text, written by the benchmark harness
# (bench/Vmsim.Benchmarks, `-- make-traces`), seeded, so the same command gives the same bytes.
# Real: Valgrind lackey's trace of gzip compressing 100 KB of generated text (about 26 M
# accesses, gzipped, and uncompressed), and the same trace as oracleGeneral pages and as page numbers text. Existing files are kept.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
count=${1:-20000000}
mkdir -p "$out"

dotnet build -c Release "$here/Vmsim.Benchmarks" -v quiet -nologo >/dev/null
bench=(dotnet "$here/Vmsim.Benchmarks/bin/Release/net10.0/Vmsim.Benchmarks.dll")

"${bench[@]}" make-traces "$out" "$count" ${BIG:+--big}

real="$out/gzip.lackey.gz"
if [[ ! -f $real ]]; then
    if ! command -v valgrind >/dev/null; then
        echo "make-traces: valgrind is needed for the real trace (apt-get install valgrind)" >&2
        exit 1
    fi

    # Lackey writes one line per instruction fetch, load, store or modify of the program.
    valgrind --tool=lackey --trace-mem=yes --log-file="$out/gzip.lackey.partial" \
        gzip -c "$out/gzip-input.txt" >/dev/null
    gzip -1 <"$out/gzip.lackey.partial" >"$real.partial"
    rm "$out/gzip.lackey.partial"
    mv "$real.partial" "$real"
    echo "wrote   $real ($(du -m "$real" | cut -f1) MB)"
else
    echo "kept    $real"
fi

"${bench[@]}" to-oracle "$real" lackey "$out/gzip.oracleGeneral.bin" "$out/gzip.pages.txt"

# The lackey text itself, uncompressed, for the rate of parsing text rather than of gunzip.
if [[ ! -f $out/gzip.lackey ]]; then
    gzip -dc "$real" >"$out/gzip.lackey.partial"
    mv "$out/gzip.lackey.partial" "$out/gzip.lackey"
    echo "wrote   $out/gzip.lackey ($(du -m "$out/gzip.lackey" | cut -f1) MB)"
else
    echo "kept    $out/gzip.lackey"
fi
