#!/usr/bin/env bash
# Replays every benchmark trace (bench/make-traces.sh) with FIFO, LRU and CLOCK, computes each
# trace's exact LRU miss-ratio curve, and reports for each run the accesses per second of the
# whole process (start-up, reading and parsing included) and of its loop alone, and its peak
# resident memory (/usr/bin/time -v). Prints the machine and the commands first.
#
#   bench/run.sh                 every trace in bench/out/ (OUT=DIR to choose)
#   bench/run.sh zipf1m gzip     only traces whose file name contains one of the words
#   REPEAT=3 bench/run.sh        each run three times, the best reported
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
repeat=${REPEAT:-1}
filters=("$@")

dotnet build -c Release "$here/Vmsim.Benchmarks" -v quiet -nologo >/dev/null
dll="$here/Vmsim.Benchmarks/bin/Release/net10.0/Vmsim.Benchmarks.dll"

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB," \
    "$(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/run.sh $* (REPEAT=$repeat); each run is:"
echo "  /usr/bin/time -v dotnet $dll replay-file TRACE FORMAT POLICY FRAMES"
echo "  /usr/bin/time -v dotnet $dll mrc-file TRACE FORMAT"
echo

# trace file, format, frames for the replays (about half of the uniform and zipf footprints'
# hot part, less than the loop, an eighth of the real program's 232 pages).
traces=(
    "gzip.oracleGeneral.bin oracle-general 32"
    "gzip.pages.txt pages 32"
    "gzip.lackey lackey 32"
    "gzip.lackey.gz lackey 32"
    "zipf1m.oracleGeneral.bin oracle-general 65536"
    "zipf1m.pages.txt pages 65536"
    "zipf1m.lackey lackey 65536"
    "uniform16k.oracleGeneral.bin oracle-general 8192"
    "uniform16k.pages.txt pages 8192"
    "uniform16k.lackey lackey 8192"
    "loop5000.oracleGeneral.bin oracle-general 4096"
    "loop5000.pages.txt pages 4096"
    "loop5000.lackey lackey 4096"
    "big-zipf1m-100m.oracleGeneral.bin oracle-general 65536"
)

wanted() {
    [[ ${#filters[@]} -eq 0 ]] && return 0
    local f
    for f in "${filters[@]}"; do [[ $1 == *"$f"* ]] && return 0; done
    return 1
}

# Runs the harness under /usr/bin/time -v, REPEAT times; prints the best run's fields:
# accesses, result, loop M/s, process M/s, peak RSS MB.
measure() {
    local best="" best_rate=0 i
    for ((i = 0; i < repeat; i++)); do
        local log line wall rss accesses rate
        log=$(mktemp)
        line=$(/usr/bin/time -v dotnet "$dll" "$@" 2>"$log" </dev/null)
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + p[j]; print s}' "$log")
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log")
        rm -f "$log"
        accesses=$(sed -n 's/.*accesses=\([0-9]*\).*/\1/p' <<<"$line")
        rate=$(awk -v a="$accesses" -v s="$wall" 'BEGIN {printf "%.1f", a / s / 1e6}')
        if awk -v r="$rate" -v b="$best_rate" 'BEGIN {exit !(r > b)}'; then
            best_rate=$rate
            best="$line process_macc_s=$rate rss_mb=$rss"
        fi
    done
    echo "$best"
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

printf '%-34s %-7s %7s %11s %8s %9s %9s %9s %7s\n' trace policy frames accesses "fault %" "loop M/s" "CPU M/s" "proc M/s" "RSS MB"
for t in "${traces[@]}"; do
    read -r file format frames <<<"$t"
    [[ -f $out/$file ]] && wanted "$file" || continue
    # Read the trace once, untimed, so that the runs find it in the page cache: otherwise the
    # first run of a large binary trace measures the disk, not vmsim (this kind of machine
    # keeps only about a gigabyte of file data cached).
    cat "$out/$file" >/dev/null
    for policy in fifo lru clock; do
        r=$(measure replay-file "$out/$file" "$format" "$policy" "$frames")
        printf '%-34s %-7s %7s %11s %8s %9s %9s %9s %7s\n' "$file" "$policy" "$frames" "$(field accesses "$r")" \
            "$(field fault_pct "$r")" "$(field loop_macc_s "$r")" "$(field cpu_macc_s "$r")" "$(field process_macc_s "$r")" "$(field rss_mb "$r")"
    done
    r=$(measure mrc-file "$out/$file" "$format")
    printf '%-34s %-7s %7s %11s %8s %9s %9s %9s %7s\n' "$file" "mrc" "$(field distinct "$r")" "$(field accesses "$r")" \
        "-" "$(field loop_macc_s "$r")" "$(field cpu_macc_s "$r")" "$(field process_macc_s "$r")" "$(field rss_mb "$r")"
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(mrc rows: the frames column holds the distinct pages; fault % is not applicable)"
