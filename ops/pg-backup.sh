#!/usr/bin/env bash
# Backs up the bot's PostgreSQL database while the bot runs: pg_dump reads one consistent snapshot, writers go on.
# Usage:  ops/pg-backup.sh DATABASE_URL FILE
#   DATABASE_URL  a libpq URI, e.g. postgresql://bot@db.example:5432/petitionbot (password: ~/.pgpass or PGPASSWORD)
#   FILE          the dump to write (custom format, compressed); an existing file is not overwritten
set -euo pipefail
. "$(dirname "$0")/pg-tools.sh"

if [ $# -ne 2 ]; then echo "usage: $0 DATABASE_URL FILE" >&2; exit 2; fi
url=$1 file=$2
if [ -e "$file" ]; then echo "$file exists; not overwriting it" >&2; exit 1; fi

pg_dump="$(pg_tool pg_dump)"
# Written aside and renamed, so a dump cut short never passes for a finished one. No owners or grants: the restore
# runs as whichever role owns the new database.
"$pg_dump" --dbname="$url" --format=custom --no-owner --no-privileges --file="$file.partial"
# A dump whose table of contents cannot be read is no backup.
"$(pg_tool pg_restore)" --list "$file.partial" >/dev/null
mv "$file.partial" "$file"
echo "backed up to $file ($(du -h "$file" | cut -f1))"
