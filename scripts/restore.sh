#!/usr/bin/env bash
# Restore a scripts/backup.sh archive into the database named by DATABASE_URL (or $2).
#   scripts/restore.sh FILE [DATABASE_URL]
# The database must exist; what it holds is replaced by the archive, in one transaction
# (a restore that fails changes nothing). Stop the app and the workers first.
set -euo pipefail
file="${1:?pass the archive to restore}"
url="${2:-${DATABASE_URL:?set DATABASE_URL or pass it}}"
pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error \
  --dbname="$url" "$file"
echo "restored $file"
