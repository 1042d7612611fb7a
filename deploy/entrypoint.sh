#!/bin/sh
# The container image's entry point: runs the app named by the first argument (or $APP),
# one of the applications of nest-cli.json, as `node --experimental-async-context-frame dist/apps/<app>/src/main.js` in
# APP_ROOT (/app in the image). exec, so that the app gets SIGTERM itself. `migrate` runs
# every app's migrations and exits (scripts/migrate.mjs, the Job of k8s/migrate/).
set -eu
root="${APP_ROOT:-/app}"
app="${1:-${APP:-}}"
apps="$(ls "$root/dist/apps" 2>/dev/null | tr '\n' ' ')"
case "$app" in
  '' | *[!a-z0-9-]*)
    echo "usage: <app>, one of: $apps(or migrate)" >&2
    exit 64
    ;;
  migrate)
    cd "$root"
    exec node scripts/migrate.mjs
    ;;
esac
main="$root/dist/apps/$app/src/main.js"
if [ ! -f "$main" ]; then
  echo "unknown app \"$app\": expected one of: $apps" >&2
  exit 64
fi
cd "$root"
# the flags of scripts/platform.mjs NODE_FLAGS
exec node --experimental-async-context-frame "$main"
