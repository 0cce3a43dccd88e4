#!/bin/bash
# The one-shot "odoo-init" service of docker-compose.yml: creates the database "dms" the way Odoo's
# database manager does for a Bangladeshi company (scripts/createdb: country BD, BDT, and so
# l10n_bd's chart with 15% VAT once account installs), then installs the dms addons with demo
# data. `odoo --init` alone cannot set the country of a new database. Idempotent: an existing
# database is kept and `-i` installs only what is not installed yet. The odoo service starts once
# this has ended successfully.
set -euo pipefail
DB=${DMS_DB:-dms}
DB_ARGS=(--db_host "${HOST:-db}" --db_port "${PORT:-5432}" --db_user "${USER:-odoo}" --db_password "${PASSWORD:-odoo}")
ODOO_ARGS=(-c /etc/odoo/odoo.conf --addons-path=/mnt/extra-addons "${DB_ARGS[@]}")
ADDONS=$(python3 -c "import sys; sys.path.insert(0, '/mnt/dms/scripts'); import dmsenv; print(','.join(dmsenv.ADDONS))")

python3 /mnt/dms/scripts/createdb "$DB" -- "${ODOO_ARGS[@]}"
exec odoo "${ODOO_ARGS[@]}" -d "$DB" -i "$ADDONS" --stop-after-init --no-http --max-cron-threads=0
