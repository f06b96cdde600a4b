# Sourced by the ops scripts: pg_dump / pg_restore / psql from PATH, else the newest Debian postgresql package's.
# The client must not be older than the server, so PG_BIN may name the folder of the right version.
pg_tool() {
  local name=$1 dir
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN/$name"; return; fi
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -x "$dir/$name" ]; then echo "$dir/$name"; return; fi
  echo "$name not found: apt-get install postgresql-client (or set PG_BIN)" >&2
  return 1
}
