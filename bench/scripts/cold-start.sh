#!/usr/bin/env bash
# Cold start to a healthy bot with the index already built: starts the Release build, polls /healthz every 10 ms,
# stops it; one warm-up start (builds the index and the database), then RUNS timed starts; prints each and the median.
# Usage: bench/scripts/cold-start.sh            # RUNS=7 PORT=5099 CORPUS=../shared/corpus
#        BOT_DLL=/tmp/x/PetitionBot.Bot.dll bench/scripts/cold-start.sh   # another build, to alternate two builds
# Build first: dotnet build bot -c Release (or publish: dotnet publish bot -c Release -o DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${PORT:-5099}
RUNS=${RUNS:-7}
CORPUS=${CORPUS:-$root/../shared/corpus}
BOT_DLL=${BOT_DLL:-$root/bot/bin/Release/net10.0/PetitionBot.Bot.dll}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ConnectionStrings__Petitions="Data Source=$work/bot.db" Knowledge__IndexPath="$work/index" \
       Knowledge__CorpusPaths__0="$CORPUS" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
       PersonalData__Key=YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0xMjM0 PersonalData__HashKey=YmVuY2gtb25seS1oYXNoLWtleS0zMi1ieXRlcy0xMjM0

# One start: seconds from exec to the first 200 from /healthz, and the CPU seconds the process used until then (less
# sensitive than wall time to other work on a shared machine).
tick=$(getconf CLK_TCK)
start_once() {
  local t0 t1 pid cpu
  t0=$(date +%s.%N)
  (cd "$work" && exec dotnet "$BOT_DLL" --urls "http://127.0.0.1:$PORT") >"$work/bot.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "bot exited:"; cat "$work/bot.log"; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s.%N)
  cpu=$(awk -v t="$tick" '{print ($14+$15)/t}' /proc/$pid/stat)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$(echo "$t1 - $t0" | bc) $cpu"
}

start_once >/dev/null   # warm-up: builds the index and the database, fills the OS file cache
walls=(); cpus=()
for _ in $(seq 1 "$RUNS"); do
  read -r wall cpu < <(start_once); walls+=("$wall"); cpus+=("$cpu")
  printf '%.3f s wall, %.2f s CPU (load %s)\n' "$wall" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf 'median %.3f s wall, %.2f s CPU over %d starts (load average %s)\n' "$(median "${walls[@]}")" "$(median "${cpus[@]}")" \
  "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
