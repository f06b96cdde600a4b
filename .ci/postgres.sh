#!/usr/bin/env bash
# Throw-away PostgreSQL for the persistence tests (Debian's packages, data under /tmp, fsync off).
# Usage:  source .ci/postgres.sh; pg_start; dotnet test ...; pg_stop
# pg_start exports PETITIONBOT_TEST_POSTGRES (an Npgsql connection string); tests skip their PostgreSQL
# variants when it is not set.

# Below Linux's ephemeral range (32768-60999): a client socket of anything else running could hold a port in it.
PG_PORT="${PG_PORT:-25432}"
PG_DIR="${PG_DIR:-/tmp/petitionbot-pg}"
PG_DB="${PG_DB:-petitionbot_test}"

_pg_bin() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$initdb" ] && dirname "$initdb"
}

_pg_as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
}

pg_start() {
  local bin
  bin="$(_pg_bin)"
  if [ -z "$bin" ]; then
    echo "pg_start: installing PostgreSQL from Debian's packages" >&2
    (export DEBIAN_FRONTEND=noninteractive; apt-get install -y postgresql >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y postgresql >/dev/null; }) || {
      echo "pg_start: could not install postgresql" >&2; return 1; }
    bin="$(_pg_bin)"
  fi
  pg_stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  chown postgres:postgres "$PG_DIR" 2>/dev/null || true
  _pg_as_postgres "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || _pg_as_postgres "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  _pg_as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  _pg_as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB" || return 1
  export PETITIONBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=postgres;Password=unused;Pooling=true"
  echo "pg_start: PostgreSQL on 127.0.0.1:$PG_PORT, database $PG_DB" >&2
}

pg_stop() {
  local bin
  bin="$(_pg_bin)"
  if [ -n "$bin" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    _pg_as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null
  fi
  unset PETITIONBOT_TEST_POSTGRES
}
