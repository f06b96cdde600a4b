#!/usr/bin/env bash
# Cold start to a healthy bot with the index already built: starts the Release build, polls /healthz, stops it.
# Usage: bench/scripts/cold-start.sh [port]   (build first: dotnet build bot -c Release)
set -euo pipefail
port=${1:-5099}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/bot"
dotnet bin/Release/net10.0/PetitionBot.Bot.dll --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.02; done
