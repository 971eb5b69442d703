#!/usr/bin/env bash
# Builds the solution (including the nanoFramework gates and their lint) and runs every test suite,
# then prints one closing line summing all suites: "N passed, N failed, N skipped".
# Usage: build/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Milenage]
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
results="$(mktemp -d "${TMPDIR:-/tmp}/m2m-tests.XXXXXX")"
trap 'rm -rf "$results"' EXIT

# Locked restore: packages.lock.json files are the source of truth (RestoreLockedMode is also on under CI=true).
dotnet restore M2MDevice.sln --locked-mode
dotnet build M2MDevice.sln --no-restore -c "$configuration" -nologo -clp:ErrorsOnly

status=0
dotnet test M2MDevice.sln --no-build -c "$configuration" -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

if [ "$files" -eq 0 ]; then
  echo "no test results were written" >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner failed without a failing test (crash, build or discovery error): never report green
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
