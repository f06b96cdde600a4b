#!/usr/bin/env bash
# Restores a dump made by ops/pg-backup.sh into an EMPTY database (create it first, owned by the bot's role), in one
# transaction: it either all goes in or nothing does. Start the bot on it afterwards; /healthz/ready says when it serves.
# Usage:  ops/pg-restore.sh FILE DATABASE_URL
set -euo pipefail
. "$(dirname "$0")/pg-tools.sh"

if [ $# -ne 2 ]; then echo "usage: $0 FILE DATABASE_URL" >&2; exit 2; fi
file=$1 url=$2
if [ ! -f "$file" ]; then echo "$file not found" >&2; exit 1; fi

psql="$(pg_tool psql)"
tables=$("$psql" --dbname="$url" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "the target database already has $tables tables; restore into a new, empty database" >&2
  exit 1
fi
"$(pg_tool pg_restore)" --dbname="$url" --no-owner --no-privileges --exit-on-error --single-transaction "$file"
echo "restored $file"
