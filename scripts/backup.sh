#!/usr/bin/env bash
# Back up the database named by DATABASE_URL (or $1) into a pg_dump archive.
#   scripts/backup.sh [DATABASE_URL] [FILE]     default FILE: var/backups/factcheck-<time>.dump
# Restore it with scripts/restore.sh. The archive holds everything: articles, claims,
# checks, review history, the source registry, users and tokens.
set -euo pipefail
url="${1:-${DATABASE_URL:?set DATABASE_URL or pass it}}"
file="${2:-var/backups/factcheck-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$file")"
pg_dump --format=custom --no-owner --file="$file" "$url"
echo "$file"
