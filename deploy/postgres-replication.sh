#!/bin/sh
# Run once by the postgres image when it creates the primary's data directory
# (/docker-entrypoint-initdb.d): lets the "scale" profile's replica stream from it.
# An existing primary needs the same line added by hand, see README "Scaling out".
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
