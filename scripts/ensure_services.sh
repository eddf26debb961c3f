#!/usr/bin/env bash
# Start this machine's PostgreSQL and Redis if they do not answer, and create the named databases.
#
#   bash scripts/ensure_services.sh [DATABASE ...]
#
# Used by .ci/run and `make bench`. On a machine whose services are run some other way (a
# developer's laptop, a container), it only checks them and says what is missing.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379

wait_for() {
    # wait_for DESCRIPTION SECONDS COMMAND...
    local what=$1 seconds=$2
    shift 2
    for _ in $(seq "$seconds"); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    echo "services: $what still does not answer after ${seconds}s" >&2
    return 1
}

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
redis_up() { [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

if pg_up; then
    echo "services: PostgreSQL answers on $PG_HOST:$PG_PORT"
else
    echo "services: starting PostgreSQL"
    if ! command -v pg_ctlcluster >/dev/null || [ ! -d /etc/postgresql ]; then
        echo "services: PostgreSQL is not answering and pg_ctlcluster is not here to start it" >&2
        exit 1
    fi
    for version in $(ls /etc/postgresql); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    wait_for PostgreSQL 60 pg_up
fi

if redis_up; then
    echo "services: Redis answers on $REDIS_HOST:$REDIS_PORT"
else
    echo "services: starting Redis"
    if ! command -v redis-server >/dev/null; then
        echo "services: Redis is not answering and redis-server is not here to start it" >&2
        exit 1
    fi
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for Redis 30 redis_up
fi

for db in "$@"; do
    exists=$(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")
    if [ "$exists" != "1" ]; then
        echo "services: creating database $db"
        createdb -h "$PG_HOST" -p "$PG_PORT" -U postgres "$db"
    fi
done
