#!/usr/bin/env bash
# Issue 2 benchmark target: network-side AV generation at least 3x libosmocore's C MILENAGE.
# Builds benchmarks/osmo/osmo_auc_bench.c against the installed libosmocore (Debian: apt-get install
# libosmocore-dev), runs it and the .NET quick benchmark, and prints both figures and the ratio.
#
# Usage: benchmarks/run.sh [seconds per measurement, default 3]
# Environment: BENCH_OUT (build and output folder, default /tmp/m2m-bench).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-3}
out=${BENCH_OUT:-/tmp/m2m-bench}
mkdir -p "$out"

osmo_rate=""
osmo_name="libosmocore (not installed: apt-get install libosmocore-dev)"
if pkg-config --exists libosmogsm libosmocore 2>/dev/null; then
    osmo_name="libosmocore $(pkg-config --modversion libosmocore) osmo_auth_gen_vec (C, gcc -O2)"
    gcc -O2 -Wall -Wextra -o "$out/osmo_auc_bench" "$here/osmo/osmo_auc_bench.c" \
        $(pkg-config --cflags --libs libosmogsm libosmocore)
    osmo_line=$("$out/osmo_auc_bench" "$seconds")
    echo "$osmo_line"
    osmo_rate=$(echo "$osmo_line" | sed -E 's/.*: ([0-9]+) vectors\/s.*/\1/')
fi

dotnet build "$here/M2MDevice.Benchmarks/M2MDevice.Benchmarks.csproj" -c Release \
    --artifacts-path "$out/dotnet" -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet "$out/dotnet/bin/M2MDevice.Benchmarks/release/M2MDevice.Benchmarks.dll" --quick "$seconds" | tee "$out/quick.md"
echo

# The quick table's rows: | Scenario | ops/s | ns/op | bytes/op |
rate_of() {
    grep -F "| $1" "$out/quick.md" | head -n 1 | awk -F'|' '{ gsub(/[ ,]/, "", $3); print $3 }'
}
portable=$(rate_of "AV generation, MILENAGE, portable")
host=$(rate_of "AV generation, MILENAGE, HostBlockCipher")
host_name=$(grep -F "| AV generation, MILENAGE, HostBlockCipher" "$out/quick.md" | sed -E 's/^\| AV generation, MILENAGE, ([^|]*[^ |]) *\|.*/\1/')

ratio() {
    if [ -n "$osmo_rate" ]; then awk -v a="$1" -v b="$osmo_rate" 'BEGIN { printf "%.2fx", a / b }'; else echo "n/a"; fi
}

echo "| Network-side AV generation (MILENAGE) | vectors/s | vs libosmocore |"
echo "|---|---:|---:|"
if [ -n "$osmo_rate" ]; then
    echo "| $osmo_name | $osmo_rate | 1.00x |"
else
    echo "| $osmo_name | n/a | n/a |"
fi
echo "| M2MDevice, portable Aes128 | $portable | $(ratio "$portable") |"
echo "| M2MDevice, $host_name | $host | $(ratio "$host") |"
echo
echo "Target (issue 2): at least 3.00x libosmocore."
