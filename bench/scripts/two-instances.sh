#!/usr/bin/env bash
# Two bot instances behind nginx on one PostgreSQL, on 127.0.0.1 only (docs/scaling.md, "Two instances behind nginx").
#   bench/scripts/two-instances.sh throughput   # /api/chat filing turns through nginx: one instance, then two; the ratio
#   bench/scripts/two-instances.sh kill         # load through nginx on two instances, one killed (SIGKILL) mid-load:
#                                               # every acknowledged petition must be in the database and the killed
#                                               # instance's citizens must go on filing on the other; prints PASS or FAIL
# Settings: DURATION=20 (seconds of load) USERS=32 PG_PORT=25466 PORTS="5401 5402" NGINX_PORT=5400; BOT_DLL=… for a build
# made beforehand (default: bot/bin/Release/net10.0, build first: dotnet build bot -c Release). Needs nginx (Debian's
# package), node and PostgreSQL's server binaries (.ci/postgres.sh installs them).
set -euo pipefail
mode=${1:-throughput}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
DURATION=${DURATION:-20}
USERS=${USERS:-32}
NGINX_PORT=${NGINX_PORT:-5400}
read -r -a ports <<< "${PORTS:-5401 5402}"
BOT_DLL=${BOT_DLL:-$root/bot/bin/Release/net10.0/PetitionBot.Bot.dll}
work=$(mktemp -d)
export PG_PORT=${PG_PORT:-25466} PG_DIR=${PG_DIR:-$work/pg} PG_DB=petitionbot_rig
# shellcheck source=../../.ci/postgres.sh
. .ci/postgres.sh

pids=()
nginx_pid=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  pg_stop || true
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"   # the postgres user keeps its data folder in here
pg_start

# Every instance the same settings: one database, one index folder; nothing kept in a process matters to a citizen.
export Database__Provider=Postgres ConnectionStrings__Petitions="$PETITIONBOT_TEST_POSTGRES;Maximum Pool Size=50" \
       Knowledge__IndexPath="$work/index" Hosting__ForwardedHeaders=true \
       Conversation__ChatMessagesPerMinute=10000 Conversation__ChatMessagesPerAddressPerMinute=100000 \
       Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
       PersonalData__Key=YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0xMjM0 PersonalData__HashKey=YmVuY2gtb25seS1oYXNoLWtleS0zMi1ieXRlcy0xMjM0 \
       DOTNET_GCgen0size=0x4000000

start_instance() { # $1 = port; prints the pid
  dotnet "$BOT_DLL" --urls "http://127.0.0.1:$1" > "$work/bot-$1.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$1/healthz/ready" > /dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$1/healthz/ready" > /dev/null || { echo "instance on $1 did not start" >&2; cat "$work/bot-$1.log" >&2; exit 1; }
  echo "$pid"
}

# nginx round-robin, no stickiness; a refused connection (a dead instance) goes to the next server, and the dead one is
# left out for 5 s after one failure. POSTs that reached an instance are not re-sent by nginx: the client decides.
write_nginx() { # $@ = upstream ports
  mkdir -p "$work/nginx"
  {
    [ "$(id -u)" = 0 ] && echo "user root;"
    cat <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream bot {
$(for p in "$@"; do echo "    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"; done)
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://bot;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 1s;
    }
  }
}
EOF
  } > "$work/nginx/nginx.conf"
}

start_nginx() { # $@ = upstream ports
  [ -n "$nginx_pid" ] && { kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; }
  write_nginx "$@"
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$NGINX_PORT/healthz" > /dev/null && return; sleep 0.1; done
  echo "nginx did not start" >&2; cat "$work/nginx/error.log" >&2; exit 1
}

load() { DISTINCT=1 node bench/chat/filing.mjs "http://127.0.0.1:$NGINX_PORT" "$@"; }
petitions() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$PG_DB" -tAc 'SELECT count(*) FROM "Petitions"'; }

pids+=("$(start_instance "${ports[0]}")")   # the first builds the index and migrates the database
pids+=("$(start_instance "${ports[1]}")")
echo "two instances on ${ports[*]}, PostgreSQL on $PG_PORT, nginx on $NGINX_PORT; $(nproc) cores"

case "$mode" in
throughput)
  start_nginx "${ports[0]}"
  load "$USERS" 5 > /dev/null   # warm-up of both instances' JIT and pools, one at a time
  start_nginx "${ports[1]}"; load "$USERS" 5 > /dev/null
  for round in 1 2; do
    start_nginx "${ports[0]}"
    one=$(load "$USERS" "$DURATION"); echo "one instance  (load $(cut -d' ' -f1 /proc/loadavg)): $one"
    start_nginx "${ports[@]}"
    two=$(load "$USERS" "$DURATION"); echo "two instances (load $(cut -d' ' -f1 /proc/loadavg)): $two"
    awk -v a="$(echo "$one" | awk '{print $2}')" -v b="$(echo "$two" | awk '{print $2}')" \
      'BEGIN { printf "round %d: two / one = %.2f\n", '"$round"', b / a }'
  done
  ;;
kill)
  start_nginx "${ports[@]}"
  acked="$work/acked.txt"; : > "$acked"
  before=$(petitions)
  RETRY=1 ACKED="$acked" load "$USERS" "$DURATION" > "$work/load.txt" &
  loader=$!
  sleep $(( DURATION / 3 ))
  kill -9 "${pids[1]}"; echo "killed the instance on ${ports[1]} (pid ${pids[1]}) after $(( DURATION / 3 )) s"
  wait "$loader"
  cat "$work/load.txt"
  sort -u "$acked" > "$work/acked-unique.txt"
  acknowledged=$(wc -l < "$work/acked-unique.txt")
  list=$(sed "s/.*/'&'/" "$work/acked-unique.txt" | paste -sd, -)
  stored=0
  [ "$acknowledged" -gt 0 ] && stored=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$PG_DB" -tAc \
    "SELECT count(*) FROM \"Petitions\" WHERE \"TrackingNo\" IN ($list)")
  recovered=$(sed -n 's/.*filed after a failed turn \([0-9]*\).*/\1/p' "$work/load.txt")
  errors=$(sed -n 's/.*errors \([0-9]*\).*/\1/p' "$work/load.txt")
  echo "acknowledged to citizens: $acknowledged; of those in the database: $stored; rows added: $(( $(petitions) - before ))"
  echo "petitions filed by citizens who lost their instance mid-form: $recovered; turns never answered: $errors"
  if [ "$stored" -eq "$acknowledged" ] && [ "$acknowledged" -gt 0 ] && [ "${recovered:-0}" -gt 0 ] && [ "${errors:-1}" -eq 0 ]; then
    echo "PASS: no acknowledged petition lost; the killed instance's citizens went on on the other"
  else
    echo "FAIL"; exit 1
  fi
  ;;
*) echo "usage: $0 throughput|kill" >&2; exit 2 ;;
esac
