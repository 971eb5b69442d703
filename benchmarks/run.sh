#!/usr/bin/env bash
# Every issue-8 figure in one table (issue 2's target included):
#   - AuC: network-side MILENAGE vectors/s on one core: libosmocore's C osmo_auth_gen_vec (our harness
#     benchmarks/osmo/osmo_auc_bench.c, built here against the installed libosmocore, never vendored), the portable
#     and AES-NI paths of shared/, the HostMilenage fast path and its batches, the AES-NI floor, the ratios;
#   - device side: every other row the benchmarks' quick mode prints (any Markdown table it prints is picked up);
#   - fleet: `m2m bench --devices N --json` (devices/s, phase times, peak and per-device memory).
# Quick-mode rows are the median (or with --best the best) of --repeat runs; libosmocore likewise; the fleet runs once.
#
# Usage: benchmarks/run.sh [--seconds S] [--repeat R] [--devices N] [S]
#   --seconds S   seconds per quick-mode row and per libosmocore run (default 1; a bare number means the same)
#   --repeat R    runs of the quick mode and of libosmocore; medians are reported (default 3)
#   --devices N   fleet size for `m2m bench` (default 1000; 0 skips the fleet)
#   --stay-attached  pass --stay-attached to `m2m bench`: every device stays attached to the end (resident rows)
#   --best        report the best run (highest rate) instead of the median: on a busy machine, the least disturbed
# Environment: BENCH_OUT (build and output folder, default /tmp/m2m-bench).
# Needs: .NET SDK; for the libosmocore rows gcc, pkg-config and libosmocore-dev (Debian: apt-get install
# libosmocore-dev); without them those rows say n/a and everything else still runs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
seconds=1
repeat=3
devices=1000
statistic=median
stay=""
out=${BENCH_OUT:-/tmp/m2m-bench}

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
is_number() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }
is_count() { [[ $1 =~ ^[0-9]+$ ]]; }

while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
        --repeat) repeat=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
        --devices) devices=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
        --best) statistic=best; shift ;;
        --stay-attached) stay=--stay-attached; shift ;;
        -h|--help) usage; exit 0 ;;
        *) if is_number "$1"; then seconds=$1; shift; else echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2; fi ;;
    esac
done

is_number "$seconds" || { echo "run.sh: --seconds needs a positive number, got '$seconds'" >&2; exit 2; }
is_count "$repeat" && [ "$repeat" -ge 1 ] || { echo "run.sh: --repeat needs a whole number >= 1, got '$repeat'" >&2; exit 2; }
is_count "$devices" || { echo "run.sh: --devices needs a whole number >= 0, got '$devices'" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "run.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/quick-*.md "$out"/osmo-*.txt "$out"/fleet.json

# The median of numbers on stdin, or the largest with --best.
median() { if [ "$statistic" = best ]; then sort -n | tail -n 1; return; fi; sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit; print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# --- libosmocore (C) --------------------------------------------------------------------------------------
osmo_rate=""
osmo_name="libosmocore osmo_auth_gen_vec (not measured)"
osmo_note=""
if ! command -v gcc >/dev/null; then
    osmo_note="gcc not found: the libosmocore harness cannot be built"
elif ! command -v pkg-config >/dev/null; then
    osmo_note="pkg-config not found: install pkg-config and libosmocore-dev for the libosmocore rows"
elif ! pkg-config --exists libosmogsm libosmocore 2>/dev/null; then
    osmo_note="libosmocore not installed: apt-get install libosmocore-dev (Debian/Ubuntu) for the libosmocore rows"
else
    osmo_name="libosmocore $(pkg-config --modversion libosmocore) osmo_auth_gen_vec (C, gcc -O2)"
    # shellcheck disable=SC2046 # pkg-config prints several flags on purpose
    if ! gcc -O2 -Wall -Wextra -o "$out/osmo_auc_bench" "$here/osmo/osmo_auc_bench.c" \
        $(pkg-config --cflags --libs libosmogsm libosmocore) 2>"$out/osmo-build.log"; then
        cat "$out/osmo-build.log" >&2
        echo "run.sh: building the libosmocore harness failed (see above)" >&2
        exit 1
    fi

    for i in $(seq 1 "$repeat"); do
        "$out/osmo_auc_bench" "$seconds" | tee "$out/osmo-$i.txt" >&2
    done

    osmo_rate=$(sed -nE 's/.*: ([0-9]+) vectors\/s.*/\1/p' "$out"/osmo-*.txt | median)
    [ -n "$osmo_rate" ] || { echo "run.sh: could not read the libosmocore harness output" >&2; exit 1; }
fi
[ -z "$osmo_note" ] || echo "run.sh: $osmo_note" >&2

# --- .NET quick mode --------------------------------------------------------------------------------------
echo "run.sh: building benchmarks/M2MDevice.Benchmarks (Release) into $out/dotnet" >&2
dotnet build "$here/M2MDevice.Benchmarks/M2MDevice.Benchmarks.csproj" -c Release \
    --artifacts-path "$out/dotnet" -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
bench_dll="$out/dotnet/bin/M2MDevice.Benchmarks/release/M2MDevice.Benchmarks.dll"
for i in $(seq 1 "$repeat"); do
    echo "run.sh: quick mode, run $i of $repeat" >&2
    dotnet "$bench_dll" --quick "$seconds" >"$out/quick-$i.md"
done

# --- fleet: m2m bench --------------------------------------------------------------------------------------
fleet_note=""
if [ "$devices" -gt 0 ]; then
    echo "run.sh: building emulator/M2MDevice.Cli (Release) and running m2m bench --devices $devices $stay --json" >&2
    if ! dotnet build "$root/emulator/M2MDevice.Cli/M2MDevice.Cli.csproj" -c Release \
        --artifacts-path "$out/dotnet" -v quiet -nologo >"$out/cli-build.log" 2>&1; then
        cat "$out/cli-build.log" >&2
        echo "run.sh: building the m2m CLI failed (see above)" >&2
        exit 1
    fi

    if dotnet "$out/dotnet/bin/M2MDevice.Cli/release/m2m.dll" bench --devices "$devices" $stay --json >"$out/fleet.json" 2>"$out/fleet.log" \
        && grep -q '"devices"' "$out/fleet.json"; then
        :
    else
        fleet_note="m2m bench --devices $devices --json failed or printed no JSON (see $out/fleet.log)"
        tail -n 5 "$out/fleet.log" >&2 || true
        echo "run.sh: $fleet_note" >&2
    fi
fi

# A number from the fleet JSON by key (keys are unique, nested or not); empty when absent.
json() { grep -oE "\"$1\"[[:space:]]*:[[:space:]]*-?[0-9.]+([eE][-+]?[0-9]+)?" "$out/fleet.json" 2>/dev/null | head -n 1 | sed -E 's/.*:[[:space:]]*//'; }
fmt() { if [ -n "$1" ]; then awk -v v="$1" -v d="$2" -v u="$3" 'BEGIN { printf "%.*f%s", d, v, u }'; else printf 'n/a'; fi; }
mib() { if [ -n "$1" ]; then awk -v v="$1" 'BEGIN { printf "%.1f MiB", v / 1048576 }'; else printf 'n/a'; fi; }
kib() { if [ -n "$1" ]; then awk -v v="$1" 'BEGIN { printf "%.1f KiB", v / 1024 }'; else printf 'n/a'; fi; }

# --- the table ---------------------------------------------------------------------------------------------
cpu=$(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
aes=$(grep -qw aes /proc/cpuinfo 2>/dev/null && echo "AES-NI" || echo "no AES-NI")
echo
runtime=$(head -n 1 "$out/quick-1.md" | grep -oE '[.]NET [0-9][0-9.]*' || echo '.NET')
os=$(sed -nE 's/^PRETTY_NAME="?([^"]*)"?$/\1/p' /etc/os-release 2>/dev/null | head -n 1)
echo "Machine: ${cpu:-unknown CPU}, $(nproc 2>/dev/null || echo '?') CPUs, $aes, ${os:-unknown OS} ($(uname -r 2>/dev/null || echo '?')), $runtime"
echo "Quick mode: $seconds s per row, $statistic of $repeat runs${osmo_rate:+; libosmocore: $statistic of $repeat runs of $seconds s}."
echo
echo "| Figure | Value | vs libosmocore / note |"
echo "|---|---:|---|"
awk -v osmo="$osmo_rate" -v osmo_name="$osmo_name" -v runs_label="$statistic of $repeat" -v statistic="$statistic" -f "$here/summarize.awk" "$out"/quick-*.md
if [ "$devices" -gt 0 ]; then
    echo "| **Fleet: m2m bench --devices $devices${stay:+ $stay} (one run)** | | |"
    if [ -z "$fleet_note" ]; then
        echo "| Devices provisioned | $(json provisioned) of $(json devices) | |"
        echo "| Devices per second | $(fmt "$(json devicesPerSecond)" 1 '') | provisioned per second of the device-run phase |"
        echo "| Phase times: manufacture / registration / device runs / total | $(fmt "$(json manufactureMs)" 0 ' ms') / $(fmt "$(json registrationMs)" 0 ' ms') / $(fmt "$(json deviceRunsMs)" 0 ' ms') / $(fmt "$(json totalMs)" 0 ' ms') | |"
        echo "| Peak working set / peak managed heap | $(mib "$(json peakWorkingSetBytes)") / $(mib "$(json peakManagedBytes)") | |"
        echo "| Memory per device | $(kib "$(json memoryPerDeviceBytes)") | (peak working set - baseline) / devices |"
        echo "| Fleet settings: workers / devices at once | $(json workers) / $(json maxActiveDevices) | m2m bench defaults |"
        if [ -n "$stay" ]; then
            echo "| Devices attached at home at the end | $(json attachedAtEnd) of $(json residentDevices) resident | counted from the emulated modems' registration |"
            echo "| Memory per resident device: working set / managed | $(kib "$(json memoryPerResidentBytes)") / $(kib "$(json managedPerResidentBytes)") | (peak - baseline) / residents; managed heap after a full GC |"
        fi
    else
        echo "| Fleet | n/a | $fleet_note |"
    fi
fi
[ -z "$osmo_note" ] || { echo; echo "Note: $osmo_note."; }
