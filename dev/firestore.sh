#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Cloud Firestore emulator for the local platform and for tests.
#
#   dev/firestore.sh run PORT   runs an emulator on 127.0.0.1:PORT in the foreground; the script
#                               exec's it, so the pid you started is the emulator (kill it to stop it)
#   dev/firestore.sh start      the same on 127.0.0.1:8087 in the background (.dev/pids/firestore.pid),
#                               waits until it answers HTTP
#   dev/firestore.sh stop | status
#   dev/firestore.sh which      prints which emulator `run` would use: "google <jar>" or "npm"
#   dev/firestore.sh prepare    the same, after installing it when needed (tests call it first)
#
# Which emulator (HYPERSTUDY_FIRESTORE_EMULATOR=auto|google|npm, default auto):
#   google  Google's Cloud Firestore emulator jar from the Google Cloud SDK
#           (platform/cloud-firestore-emulator/, Debian package google-cloud-cli-firestore-emulator).
#           Supports everything the Java SDK does. HYPERSTUDY_FIRESTORE_JAR points at a jar explicitly.
#   npm     @firestore-emulator/server 0.3.15 from npm, installed into .dev/npm. CRUD, queries,
#           count, transactions, batches and listeners work; listDocuments, listCollections and
#           BulkWriter/recursiveDelete do not. A small front (written into .dev/npm) gives it the same
#           HTTP surface tests use on Google's emulator: `GET /` answers "Ok" and
#           `DELETE /emulator/v1/projects/<p>/databases/(default)/documents` clears the project.
#   auto    google when the jar is there; otherwise one attempt to install the Debian package
#           (remembered in .dev/firestore/apt-unavailable when it fails: delete that file to retry),
#           then npm.
# Both speak the Firestore gRPC API the Java SDK uses with FIRESTORE_EMULATOR_HOST=127.0.0.1:PORT.
#
# Only the emulator writes to stdout; this script's own messages go to stderr.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HS_LOG_TAG=firestore

NAME=firestore
DEFAULT_PORT=8087
START_TIMEOUT=60
FS_DIR="$HS_DEV/firestore"
NPM_DIR="$HS_DEV/npm"
NPM_PACKAGE="@firestore-emulator/server"
NPM_VERSION="0.3.15"
APT_PACKAGE="google-cloud-cli-firestore-emulator"
APT_MARKER="$FS_DIR/apt-unavailable"
EMULATOR_CLASS="com.google.cloud.datastore.emulator.firestore.CloudFirestore"
# The emulator keeps its data in memory; 512 MB is plenty for tests and the local platform.
JAVA_OPTS="${HYPERSTUDY_FIRESTORE_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}"

# ---------------------------------------------------------------- locating Google's emulator
google_jar() {
  local candidates=() sdk jar
  if [[ -n "${HYPERSTUDY_FIRESTORE_JAR:-}" ]]; then
    candidates+=("$HYPERSTUDY_FIRESTORE_JAR")
  fi
  for sdk in /usr/lib/google-cloud-sdk /usr/share/google-cloud-sdk /opt/google-cloud-sdk "$HOME/google-cloud-sdk"; do
    candidates+=("$sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar")
  done
  for jar in "${candidates[@]}"; do
    if [[ -f "$jar" ]]; then
      printf '%s\n' "$jar"
      return 0
    fi
  done
  if command -v gcloud >/dev/null 2>&1; then
    sdk="$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null || true)"
    if [[ -n "$sdk" ]]; then
      for jar in "$sdk"/platform/cloud-firestore-emulator/*.jar; do
        if [[ -f "$jar" ]]; then
          printf '%s\n' "$jar"
          return 0
        fi
      done
    fi
  fi
  return 1
}

# One attempt to install Google's emulator from Debian's packages; a failure is remembered.
try_apt_install() {
  [[ -f "$APT_MARKER" ]] && return 1
  mkdir -p "$FS_DIR"
  (
    flock 9
    google_jar >/dev/null && exit 0
    [[ -f "$APT_MARKER" ]] && exit 1
    if hs_apt_install firestore-install "$APT_PACKAGE"; then
      exit 0
    fi
    hs_warn "the Debian package $APT_PACKAGE is not available here (log: $HS_LOGS/firestore-install.log)"
    date '+%F %T' >"$APT_MARKER"
    exit 1
  ) 9>"$FS_DIR/.install.lock"
}

# ---------------------------------------------------------------- the npm fallback
npm_installed() {
  local pj="$NPM_DIR/node_modules/$NPM_PACKAGE/package.json"
  [[ -f "$pj" ]] && grep -q "\"version\": *\"$NPM_VERSION\"" "$pj"
}

ensure_npm_emulator() {
  command -v node >/dev/null 2>&1 || hs_die "node is not on PATH: the npm Firestore emulator needs Node.js"
  mkdir -p "$NPM_DIR"
  hs_ensure_dirs
  (
    flock 9
    if ! npm_installed; then
      command -v npm >/dev/null 2>&1 || hs_die "npm is not on PATH: cannot install $NPM_PACKAGE"
      hs_log "installing $NPM_PACKAGE@$NPM_VERSION into $NPM_DIR (log: $HS_LOGS/firestore-install.log)"
      [[ -f "$NPM_DIR/package.json" ]] || echo '{ "name": "hyperstudy-dev-tools", "private": true }' >"$NPM_DIR/package.json"
      if ! npm install --prefix "$NPM_DIR" --no-audit --no-fund --save-exact \
          "$NPM_PACKAGE@$NPM_VERSION" >>"$HS_LOGS/firestore-install.log" 2>&1; then
        hs_tail_log firestore-install 30
        hs_die "npm install of $NPM_PACKAGE@$NPM_VERSION failed (log: $HS_LOGS/firestore-install.log)"
      fi
    fi
    write_npm_launcher
  ) 9>"$NPM_DIR/.install.lock"
}

# The package binds 0.0.0.0 and serves gRPC only. This front binds 127.0.0.1:PORT, passes HTTP/2
# connections (gRPC) to the package's server on an internal port and answers the HTTP/1.1 calls tests
# make on Google's emulator (GET / -> "Ok", DELETE .../documents -> clear that project).
write_npm_launcher() {
  local target="$NPM_DIR/firestore-emulator.cjs" tmp
  tmp="$(mktemp "$NPM_DIR/.launcher.XXXXXX")"
  cat >"$tmp" <<'JS'
'use strict';
// Written by dev/firestore.sh: edit the script, not this file.
const net = require('net');
const http = require('http');
const pkg = '@firestore-emulator/server';
const { FirestoreServer } = require(pkg);
const grpc = require(require.resolve('@grpc/grpc-js', { paths: [require.resolve(pkg)] }));

const opts = { host: '127.0.0.1', port: 8087, exitWithParent: false };
for (const arg of process.argv.slice(2)) {
  const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
  if (!m) continue;
  if (m[1] === 'host') opts.host = m[2];
  else if (m[1] === 'port') opts.port = Number(m[2]);
  else if (m[1] === 'exit-with-parent') opts.exitWithParent = true;
}

const emulator = new FirestoreServer();
const state = emulator.state;

// The package never ends a Listen stream when the client half-closes it (a removed snapshot
// listener), so the Java SDK's Firestore.close() waits forever for that call. End it ourselves.
const listen = emulator.server.handlers && emulator.server.handlers.get('/google.firestore.v1.Firestore/Listen');
if (listen && typeof listen.func === 'function') {
  const original = listen.func;
  listen.func = function (call) {
    call.on('end', () => { try { call.end(); } catch (e) { /* already closed */ } });
    call.on('error', () => {});
    return original.call(this, call);
  };
}

function resetProject(project) {
  const projects = Object.assign({}, state.projects || {});
  delete projects[project];
  if (Object.keys(projects).length === 0) state.clear();
  else state.projects = projects;
}

const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const reset = /^\/emulator\/v1\/projects\/([^/]+)\/databases\/[^/]+\/documents\/?$/.exec(url.pathname);
  if (req.method === 'DELETE' && reset) {
    resetProject(decodeURIComponent(reset[1]));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}\n');
  } else if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Ok\n');
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not supported by the npm Firestore emulator\n');
  }
});

function front(grpcPort) {
  const preface = Buffer.from('PRI * HTTP/2.0');
  return net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const n = Math.min(buf.length, preface.length);
      const isHttp2 = buf.subarray(0, n).equals(preface.subarray(0, n));
      if (isHttp2 && buf.length < preface.length) return; // need more bytes to decide
      socket.removeListener('data', onData);
      socket.pause();
      if (isHttp2) {
        const upstream = net.connect(grpcPort, '127.0.0.1', () => {
          upstream.write(buf);
          socket.pipe(upstream);
          upstream.pipe(socket);
          socket.resume();
        });
        socket.setNoDelay(true);
        upstream.setNoDelay(true);
        const close = () => { socket.destroy(); upstream.destroy(); };
        socket.on('error', close);
        upstream.on('error', close);
        socket.on('close', close);
        upstream.on('close', close);
      } else {
        socket.unshift(buf);
        httpServer.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  });
}

emulator.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, grpcPort) => {
  if (err) {
    console.error(`Firestore emulator: cannot bind its gRPC server: ${err.message}`);
    process.exit(1);
  }
  const server = front(grpcPort);
  server.on('error', (e) => {
    console.error(`Firestore emulator: cannot listen on ${opts.host}:${opts.port}: ${e.message}`);
    process.exit(1);
  });
  server.listen(opts.port, opts.host, () => {
    console.log(`API endpoint: http://${opts.host}:${opts.port}`);
    console.log(`Firestore emulator (npm ${pkg}) serving gRPC and HTTP on ${opts.host}:${opts.port}`);
    console.log(`   export FIRESTORE_EMULATOR_HOST=${opts.host}:${opts.port}`);
    console.log('Dev App Server is now running.');
  });
});

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (opts.exitWithParent) {
  // Started as a child by tests: leave when the parent goes away without killing us.
  const parent = process.ppid;
  setInterval(() => {
    try { process.kill(parent, 0); } catch (e) { process.exit(0); }
  }, 1000).unref();
}
JS
  mv -f "$tmp" "$target"
}

# ---------------------------------------------------------------- choosing
# Prints "google <jar>" or "npm".
choose_emulator() {
  local mode="${HYPERSTUDY_FIRESTORE_EMULATOR:-auto}" jar
  case "$mode" in
    google)
      if ! jar="$(google_jar)"; then
        try_apt_install || true
        jar="$(google_jar)" ||
          hs_die "HYPERSTUDY_FIRESTORE_EMULATOR=google but no Cloud Firestore emulator jar was found (Google Cloud SDK platform/cloud-firestore-emulator/, Debian package $APT_PACKAGE)"
      fi
      echo "google $jar" ;;
    npm)
      echo npm ;;
    auto | "")
      if jar="$(google_jar)"; then
        echo "google $jar"
      elif try_apt_install && jar="$(google_jar)"; then
        echo "google $jar"
      else
        echo npm
      fi ;;
    *) hs_die "HYPERSTUDY_FIRESTORE_EMULATOR must be auto, google or npm (got '$mode')" ;;
  esac
}

# ---------------------------------------------------------------- commands
# Settles which emulator `run` will use and installs it when needed (so that a test's start-up timeout
# is not spent on an installation); prints the choice like `which`.
prepare() {
  local choice
  choice="$(choose_emulator)"
  if [[ "$choice" == npm ]]; then
    ensure_npm_emulator
  fi
  echo "$choice"
}

run() {
  local port="${1:-}"
  [[ "$port" =~ ^[0-9]+$ ]] || hs_die "usage: $0 run PORT"
  local choice kind jar
  choice="$(choose_emulator)"
  kind="${choice%% *}"
  if [[ "$kind" == google ]]; then
    jar="${choice#google }"
    command -v java >/dev/null 2>&1 || hs_die "java is not on PATH"
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -Duser.language=en -cp "$jar" "$EMULATOR_CLASS" --host=127.0.0.1 --port="$port"
  fi
  ensure_npm_emulator
  local extra=()
  [[ -z "${HS_FIRESTORE_DETACHED:-}" ]] && extra+=(--exit-with-parent)
  exec node "$NPM_DIR/firestore-emulator.cjs" --host=127.0.0.1 --port="$port" "${extra[@]}"
}

start() {
  hs_ensure_dirs
  local url="http://127.0.0.1:$DEFAULT_PORT/"
  if hs_is_running "$NAME"; then
    hs_log "Firestore emulator already running on 127.0.0.1:$DEFAULT_PORT (pid $(hs_pid_of "$NAME"))"
    return 0
  fi
  hs_require_free_port "$NAME" "$DEFAULT_PORT"
  local t0=$SECONDS choice
  choice="$(choose_emulator)"
  if [[ "$choice" == npm ]]; then
    ensure_npm_emulator
    hs_log "using the npm emulator $NPM_PACKAGE@$NPM_VERSION"
  else
    hs_log "using Google's Cloud Firestore emulator (${choice#google })"
  fi
  HS_FIRESTORE_DETACHED=1 hs_start_bg "$NAME" "$HS_DEV" bash "$HS_DEV_SCRIPTS/firestore.sh" run "$DEFAULT_PORT"
  local rc=0
  hs_wait_http "$url" "$START_TIMEOUT" "$NAME" 200 || rc=$?
  case $rc in
    0) ;;
    2) hs_fail "$NAME" "the Firestore emulator exited during start" ;;
    *) hs_fail "$NAME" "the Firestore emulator did not answer $url within ${START_TIMEOUT}s" ;;
  esac
  hs_log "Firestore emulator ready on 127.0.0.1:$DEFAULT_PORT in $((SECONDS - t0))s (FIRESTORE_EMULATOR_HOST=127.0.0.1:$DEFAULT_PORT)"
}

stop() {
  if [[ -z "$(hs_pid_of "$NAME")" ]]; then
    hs_log "the Firestore emulator was not started by dev/firestore.sh: nothing to stop"
    return 0
  fi
  hs_stop "$NAME" 15
}

status() {
  if hs_is_running "$NAME"; then
    echo "firestore: running (pid $(hs_pid_of "$NAME"), 127.0.0.1:$DEFAULT_PORT, RSS $(hs_rss_mb "$(hs_pid_of "$NAME")") MB)"
  else
    echo "firestore: down"
    return 1
  fi
}

case "${1:-}" in
  run) shift; run "$@" ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  which) choose_emulator ;;
  prepare) prepare ;;
  *) echo "usage: $0 {run PORT|start|stop|status|which|prepare}" >&2; exit 2 ;;
esac
