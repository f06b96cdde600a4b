#!/usr/bin/env bash
# /api/search and /api/ask under 8 clients (wrk: 2 threads, 8 connections) against the Release build with the statutes
# of ../shared/corpus loaded, on 127.0.0.1 only. Questions: the 15 of the latency probe (asked again and again, as
# citizens and grid workers do) and, separately, the 532 real questions of knowledge/eval/ (each asked once before the
# timed run starts only in the warm-up, so that run measures the cache too). Needs wrk (apt-get install -y wrk).
#   bench/knowledge/run.sh        # DURATION=10s PORT=5394 CORPUS=../shared/corpus; BOT_DLL=… for another build
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/knowledge
PORT=${PORT:-5394}
DURATION=${DURATION:-10s}
CORPUS=${CORPUS:-$PWD/../shared/corpus}
BOT_DLL=${BOT_DLL:-$PWD/bot/bin/Release/net10.0/PetitionBot.Bot.dll}
work=$(mktemp -d)
export ConnectionStrings__Petitions="Data Source=$work/bot.db" Knowledge__IndexPath="$work/index" Knowledge__CorpusPaths__0="$CORPUS" \
       Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
       PersonalData__Key=YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0xMjM0 PersonalData__HashKey=YmVuY2gtb25seS1oYXNoLWtleS0zMi1ieXRlcy0xMjM0
export DOTNET_GCgen0size=0x4000000
dotnet "$BOT_DLL" --urls "http://127.0.0.1:$PORT" > "$work/bot.log" 2>&1 &
bot=$!
trap 'kill $bot 2>/dev/null; wait $bot 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null || { echo "bot did not start"; cat "$work/bot.log"; exit 1; }

printf '%s\n' 信访事项多长时间办结 第三十五条 网购七天无理由退货是消法哪条 邻居盖房把排水沟堵了 派出所罚了我500块不服 \
  法院判我输了还能上访吗 被拘留了能不能先别关 复查要多少天 匿名反映问题行不行 承包地被收回去了 复核期限 民诉法上诉期限 \
  老板拖欠工资怎么办 不服信访处理意见怎么办 第十九条 > "$work/common.txt"
node -e 'for (const f of process.argv.slice(1)) for (const l of require("fs").readFileSync(f, "utf8").split("\n")) if (l.trim()) console.log(JSON.parse(l).question.replace(/\s+/g, " "))' \
  knowledge/eval/real-dev.jsonl knowledge/eval/real-test.jsonl > "$work/real.txt"

load() { # $1 = search|ask, $2 = questions file, $3 = duration
  KNOWLEDGE_PATH=$1 KNOWLEDGE_QUESTIONS=$2 wrk -t2 -c8 -d"$3" --latency -s "$here/queries.lua" "http://127.0.0.1:$PORT" \
    | awk -v what="$1 $(basename "$2" .txt)" '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {e=$NF}
        END {printf "%-12s %8s req/s  p50 %s  p99 %s  non-2xx %s\n", what, r, p50, p99, e+0}'
}
for path in search ask; do
  for set in common real; do
    load "$path" "$work/$set.txt" 5s > /dev/null   # warm-up: JIT, and every question once
    load "$path" "$work/$set.txt" "$DURATION"
  done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
