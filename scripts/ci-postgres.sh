# Sourced by .ci/run: a throw-away PostgreSQL on 127.0.0.1 for the service tests.
# PostgreSQL refuses to run as root, so it runs as the `postgres` system user from Debian's package.
start_ci_postgres() {
  # A port nobody listens on (a developer's own server may hold the usual one).
  PG_PORT=${PG_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d /tmp/ci-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR" -l "$PG_DIR/log" -w start >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  export PG_BIN="$bin" PG_DIR PG_RUN="${run[*]}"
  echo "PostgreSQL for tests at $DATABASE_URL"
}
stop_ci_postgres() {
  [ -n "${PG_DIR:-}" ] && $PG_RUN "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}
