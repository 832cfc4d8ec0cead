#!/usr/bin/env bash
# CI: the README's first command on the fresh clone (.ci/run calls this right after `npm ci`).
# `npm start` in the background until its ready line; the sandbox page and the service's /healthz
# must answer; then SIGTERM to that one PID, and within 5 s both ports must be free again and the
# command gone. Ports: SANDBOX_PORT (8780) and PORT (8790), as npm start reads them.
set -euo pipefail
cd "$(dirname "$0")/.."
sandbox_port=${SANDBOX_PORT:-8780}
service_port=${PORT:-8790}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
answers() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }
fail() { printf 'npm start check: %s\n--- npm start output ---\n' "$1"; cat "$log"; kill -KILL "$pid" 2>/dev/null || true; exit 1; }

for port in "$sandbox_port" "$service_port"; do
  if listening "$port"; then echo "npm start check: port $port is already taken"; exit 1; fi
done

npm start >"$log" 2>&1 &
pid=$!
started=$SECONDS
until grep -q 'Focus & Refusals is running' "$log"; do
  kill -0 "$pid" 2>/dev/null || fail "exited before its ready line"
  (( SECONDS - started < 600 )) || fail "no ready line within 10 minutes"
  sleep 1
done
echo "npm start: ready after $((SECONDS - started)) s"
answers "http://127.0.0.1:$sandbox_port/" || fail "the sandbox page does not answer on $sandbox_port"
answers "http://127.0.0.1:$service_port/healthz" || fail "the service's /healthz does not answer on $service_port"

kill -TERM "$pid"
stop_deadline=$((SECONDS + 5))
while kill -0 "$pid" 2>/dev/null || listening "$sandbox_port" || listening "$service_port"; do
  (( SECONDS <= stop_deadline )) || fail "after SIGTERM, npm start or one of its ports is still there after 5 s"
  sleep 0.2
done
wait "$pid" || true
echo "npm start: stopped on SIGTERM, ports $sandbox_port and $service_port free"
