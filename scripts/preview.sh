#!/usr/bin/env bash
# The widget preview: installs what is missing, starts the host backend with its
# embedded local Vital sandbox (--sandbox; or the real API when VITAL_API_KEY is set) on
# 127.0.0.1:8787, and `trunk serve` on http://127.0.0.1:8080, which proxies /api,
# /v2 and /sandbox to it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/ensure-tools.sh
source scripts/env.sh

cargo build -p vital-link-server --locked
# OAuth returns to the preview page.
export VITAL_REDIRECT_URL="${VITAL_REDIRECT_URL:-http://127.0.0.1:8080/}"

if [ -n "${VITAL_API_KEY:-}" ]; then
  # Real Vital: the browser must call Vital itself, so the server serves the build
  # with the widget's api-base pointed at Vital (the key stays in this process). With a
  # key the server needs a sign-in it can trust: your authentication proxy in front, as
  # VITAL_LINK_USER_HEADER, VITAL_LINK_TRUSTED_PROXIES and VITAL_LINK_PUBLIC_URL say
  # (README, "Server"); without them it refuses to start and says so.
  trunk build --release
  echo "preview (real Vital API): http://127.0.0.1:8080/"
  exec target/debug/vital-link-server --listen 127.0.0.1:8080
fi

# Logos and the sandbox's OAuth consent page are reached directly, as Vital's are. The
# page comes from trunk on :8080, whose proxy forwards its token requests: that origin
# may ask.
target/debug/vital-link-server --sandbox --listen 127.0.0.1:8787 --public-url http://127.0.0.1:8787 \
  --allowed-origin http://127.0.0.1:8080 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
echo "preview (local Vital sandbox): http://127.0.0.1:8080/"
trunk serve "$@"
