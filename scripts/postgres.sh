#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback for the tests and benchmarks, installing it
# from Debian's packages when it is missing. Prints the connection string on stdout.
#   scripts/postgres.sh start DIR PORT   → prints "Host=127.0.0.1;Port=PORT;Username=postgres;..."
#   scripts/postgres.sh stop DIR
set -euo pipefail
cmd=${1:?start or stop}; dir=${2:?data folder}; port=${3:-55432}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  bin=$(find_bin)
  if [[ -z $bin ]]; then
    echo "PostgreSQL is not installed: installing it from Debian's packages" >&2
    if [[ $(id -u) -ne 0 ]]; then echo "cannot install PostgreSQL without root" >&2; exit 3; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Tests create and drop many databases; durability is not needed for a throw-away server.
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c work_mem=32MB" start >/dev/null
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  ;;
stop)
  bin=$(find_bin)
  [[ -d $dir/data ]] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
