#!/usr/bin/env bash
# npm test: everything CI checks, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }
step typecheck;          npm run -s typecheck
step lint;               npm run -s lint
step knip;               npx knip
step build;              npm run -s build
step validate;           npm run -s validate
step size;               npm run -s size
step "unit, component, service, sandbox tests"; npx vitest run
step chromium;           bash scripts/ensure-chromium.sh
step "end-to-end (Chromium)"; npm run -s test:e2e
