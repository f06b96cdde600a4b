#!/usr/bin/env bash
# Filing through POST /api/chat (the real engine, SQLite, every turn saved, each petition submitted with a durable
# commit), on 127.0.0.1 only and bounded in time. Needs node and dotnet.
#   bench/chat/run.sh     # DURATION=15 USERS=32 RATE=150 PORT=5393 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5393}
DURATION=${DURATION:-15}
USERS=${USERS:-32}
RATE=${RATE:-150}
work=$(mktemp -d)
export ConnectionStrings__Petitions="Data Source=$work/bot.db" Knowledge__IndexPath="$work/index" \
       Conversation__ChatMessagesPerMinute=10000 Conversation__ChatMessagesPerAddressPerMinute=100000 \
       Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
       PersonalData__Key=YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0xMjM0 PersonalData__HashKey=YmVuY2gtb25seS1oYXNoLWtleS0zMi1ieXRlcy0xMjM0
export DOTNET_GCgen0size=0x4000000
# BOT_DLL=path/to/PetitionBot.Bot.dll runs a build made beforehand (`dotnet build bot -c Release -o DIR`), so that two
# builds can be alternated in the same minutes on a shared machine.
if [ -n "${BOT_DLL:-}" ]; then
  dotnet "$BOT_DLL" --urls "http://127.0.0.1:$PORT" > "$work/bot.log" 2>&1 &
else
  dotnet run --project bot -c Release --no-launch-profile -- --urls "http://127.0.0.1:$PORT" > "$work/bot.log" 2>&1 &
fi
bot=$!
trap 'kill $bot 2>/dev/null; wait $bot 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null || { echo "bot did not start"; cat "$work/bot.log"; exit 1; }
load() { node bench/chat/filing.mjs "http://127.0.0.1:$PORT" "$@"; }

echo "== warm-up"; load "$USERS" 10 > /dev/null
echo "== as fast as it answers, $USERS citizens, ${DURATION}s"; load "$USERS" "$DURATION"
# 64 citizens pausing so that together they send about RATE turns a second.
pause=$(( 64 * 1000 / RATE ))
echo "== about $RATE turns/s (64 citizens, ${pause} ms pause each), ${DURATION}s"; load 64 "$DURATION" "$pause"
