#!/usr/bin/env bash
# Safe-mode WeChat text Q&A (POST /wechat, AES, dedup, engine, encrypted reply) next to a bare GET /healthz,
# in the same run, on 127.0.0.1 only and bounded in time. Needs: wrk (apt-get install -y wrk), node, dotnet.
#   bench/wechat/run.sh            # DURATION=10s CONNECTIONS=32 PORT=5391 RATE=(half the maximum) by default
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/wechat
PORT=${PORT:-5391}
API_PORT=${API_PORT:-5392}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
REQUESTS=${REQUESTS:-150000}
work=$(mktemp -d)

export WECHAT_TOKEN=benchtoken WECHAT_APPID=wxbench0000000001 WECHAT_AESKEY=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
export WeChat__Token=$WECHAT_TOKEN WeChat__AppId=$WECHAT_APPID WeChat__EncodingAESKey=$WECHAT_AESKEY \
       WeChat__AppSecret=unused WeChat__ApiBaseUrl=http://127.0.0.1:$API_PORT \
       ConnectionStrings__Petitions="Data Source=$work/bot.db" Knowledge__IndexPath="$work/index" \
       Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
       PersonalData__Key=YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0xMjM0 PersonalData__HashKey=YmVuY2gtb25seS1oYXNoLWtleS0zMi1ieXRlcy0xMjM0
# The deployment's gen-0 budget (docs/configuration.md): this VM hides its cache sizes, so the runtime would pick ~2 MB.
export DOTNET_GCgen0size=0x4000000

node "$here/fake-api.mjs" "$API_PORT" &
api=$!
# BOT_DLL=path/to/PetitionBot.Bot.dll runs a build made beforehand (`dotnet build bot -c Release -o DIR`), so that two
# builds can be alternated in the same minutes on a shared machine.
if [ -n "${BOT_DLL:-}" ]; then
  dotnet "$BOT_DLL" --urls "http://127.0.0.1:$PORT" > "$work/bot.log" 2>&1 &
else
  dotnet run --project bot -c Release --no-launch-profile -- --urls "http://127.0.0.1:$PORT" > "$work/bot.log" 2>&1 &
fi
bot=$!
trap 'kill $bot $api 2>/dev/null; wait $bot $api 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null || { echo "bot did not start"; cat "$work/bot.log"; exit 1; }

rps() { awk '/Requests\/sec/ { print $2 }'; }
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }'; }
wechat() { # $1 = connections, $2 = delay ms, $3 = duration
  node "$here/make-requests.mjs" "$REQUESTS" "$work/requests.txt"
  WECHAT_REQUESTS="$work/requests.txt" WECHAT_DELAY_MS="$2" WECHAT_THREADS=2 \
    wrk -t2 -c"$1" -d"$3" --latency -s "$here/wechat.lua" "http://127.0.0.1:$PORT"
}

# Waits (at most 2 minutes) until the machine is quiet: the bot sends the customer-service parts of long answers from its
# outbox after the load stops, and that work must not weigh on the next phase. On a machine shared with other work it may
# never be quiet: then the next phase starts anyway (SETTLE seconds at most).
settle() {
  for _ in $(seq 1 "${SETTLE:-120}"); do
    read -r _ u n s i w _ < /proc/stat; sleep 1; read -r _ u2 n2 s2 i2 w2 _ < /proc/stat
    busy=$(( (u2 + n2 + s2) - (u + n + s) )); idle=$(( (i2 + w2) - (i + w) ))
    [ $(( 100 * idle / (busy + idle + 1) )) -ge 85 ] && return
  done
  return 0
}

echo "== warm-up"
wrk -t2 -c"$CONNECTIONS" -d3s "http://127.0.0.1:$PORT/healthz" > /dev/null
REQUESTS=150000 wechat "$CONNECTIONS" 0 "${WARMUP:-30s}" > /dev/null
settle

echo "== GET /healthz, $CONNECTIONS connections, $DURATION"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/healthz" > "$work/health.txt"
cat "$work/health.txt"
health=$(rps < "$work/health.txt")

echo "== POST /wechat (safe mode text Q&A), $CONNECTIONS connections, $DURATION"
wechat "$CONNECTIONS" 0 "$DURATION" > "$work/max.txt"
cat "$work/max.txt"
max=$(rps < "$work/max.txt")
settle

# RATE messages a second (default: half the maximum): 64 connections, each pausing so that together they send about
# that many (the pause dominates each connection's cycle, so the rate holds whatever the latency).
half_connections=64
rate=${RATE:-$(awk -v m="$max" 'BEGIN { printf "%d", m / 2 }')}
delay=$(awk -v r="$rate" -v c="$half_connections" 'BEGIN { d = c * 1000 / r; printf "%d", (d < 1 ? 1 : d) }')
echo "== POST /wechat at about $rate messages/s ($half_connections connections, ${delay} ms pause each), $DURATION"
wechat "$half_connections" "$delay" "$DURATION" > "$work/half.txt"
cat "$work/half.txt"

awk -v h="$health" -v w="$max" -v hr="$(rps < "$work/half.txt")" -v p="$(p99 < "$work/half.txt")" 'BEGIN {
  printf "\nsummary: /healthz %.0f req/s; /wechat %.0f req/s (%.1f%% of /healthz); at %.0f req/s p99 = %.2f ms\n", h, w, 100 * w / h, hr, p }'
