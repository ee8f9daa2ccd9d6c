# shellcheck shell=bash
# Shared settings and helpers for scripts/brokers-up.sh and scripts/brokers-down.sh.
# Sourced, never executed: it only defines variables and functions.
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file

# --- Output --------------------------------------------------------------------------------
log() { printf '[brokers] %s\n' "$*"; }
warn() { printf '[brokers] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[brokers] ERROR: %s\n' "$*" >&2
  exit 1
}

# --- Locations ---------------------------------------------------------------------------
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BROKERS_DIR=$REPO_ROOT/brokers
CACHE_DIR=$BROKERS_DIR/.cache    # git-ignored (brokers/.gitignore)
KAFKA_LIB_DIR=$CACHE_DIR/lib     # jars copied by Maven from brokers/pom.xml
RUN_DIR=$CACHE_DIR/run           # pidfiles, lock, state shared by up and down
LOCK_FILE=$RUN_DIR/brokers.lock
# One line per service that brokers-up had to start itself, so brokers-down stops
# only those and never a RabbitMQ/PostgreSQL that was already running.
STATE_FILE=$RUN_DIR/started-by-brokers-up

# --- Broker endpoints ----------------------------------------------------------------------
LOOPBACK=127.0.0.1
RABBITMQ_PORT=5672
POSTGRES_PORT=5432
KAFKA_PORT=${KAFKA_PORT:-9092}
[[ $KAFKA_PORT =~ ^[0-9]+$ ]] || die "KAFKA_PORT must be a port number, got '$KAFKA_PORT'"
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
[[ $KAFKA_CONTROLLER_PORT =~ ^[0-9]+$ ]] || die "KAFKA_CONTROLLER_PORT must be a port number, got '$KAFKA_CONTROLLER_PORT'"
# A second listener for the chaos suite's fault proxy: the broker listens on KAFKA_FAULTS_PORT and
# advertises KAFKA_FAULTS_PROXY_PORT, where test/chaos puts its proxy in front of it.
KAFKA_FAULTS_PORT=${KAFKA_FAULTS_PORT:-$((KAFKA_PORT + 2))}
[[ $KAFKA_FAULTS_PORT =~ ^[0-9]+$ ]] || die "KAFKA_FAULTS_PORT must be a port number, got '$KAFKA_FAULTS_PORT'"
KAFKA_FAULTS_PROXY_PORT=${KAFKA_FAULTS_PROXY_PORT:-$((KAFKA_PORT + 10002))}
[[ $KAFKA_FAULTS_PROXY_PORT =~ ^[0-9]+$ ]] || die "KAFKA_FAULTS_PROXY_PORT must be a port number, got '$KAFKA_FAULTS_PROXY_PORT'"
# A SASL_PLAINTEXT listener (PLAIN, SCRAM-SHA-256/512) with one local user, for the bus's SASL
# settings and their tests. Local credentials, like guest/guest: loopback only, never deployed.
KAFKA_SASL_PORT=${KAFKA_SASL_PORT:-$((KAFKA_PORT + 3))}
[[ $KAFKA_SASL_PORT =~ ^[0-9]+$ ]] || die "KAFKA_SASL_PORT must be a port number, got '$KAFKA_SASL_PORT'"
# An SSL listener (mutual TLS, test-only certificates of brokers/tls) for the bus's TLS settings.
KAFKA_TLS_PORT=${KAFKA_TLS_PORT:-$((KAFKA_PORT + 4))}
[[ $KAFKA_TLS_PORT =~ ^[0-9]+$ ]] || die "KAFKA_TLS_PORT must be a port number, got '$KAFKA_TLS_PORT'"
KAFKA_SASL_USER=${KAFKA_SASL_USER:-railyard}
KAFKA_SASL_PASSWORD=${KAFKA_SASL_PASSWORD:-railyard-local-sasl}
[[ $KAFKA_SASL_USER =~ ^[A-Za-z0-9_-]+$ && $KAFKA_SASL_PASSWORD =~ ^[A-Za-z0-9_-]+$ ]] ||
  die "KAFKA_SASL_USER and KAFKA_SASL_PASSWORD may hold letters, digits, _ and - only"

# A non-default port gets its own data dir by default, so a second Kafka on another
# port does not fight the first one over the same directory lock.
if [[ $KAFKA_PORT == 9092 ]]; then
  KAFKA_DATA_DIR=${KAFKA_DATA_DIR:-$CACHE_DIR/kafka-data}
else
  KAFKA_DATA_DIR=${KAFKA_DATA_DIR:-$CACHE_DIR/kafka-data-$KAFKA_PORT}
fi
# Kafka resolves relative paths against its own cwd; pin it to the caller's cwd now.
[[ $KAFKA_DATA_DIR == /* ]] || KAFKA_DATA_DIR=$PWD/$KAFKA_DATA_DIR
KAFKA_PIDFILE=$RUN_DIR/kafka-$KAFKA_PORT.pid

# --- Timeouts (seconds), overridable for slow machines ------------------------------------
RABBITMQ_START_TIMEOUT=${RABBITMQ_START_TIMEOUT:-90}
POSTGRES_START_TIMEOUT=${POSTGRES_START_TIMEOUT:-60}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-120}
KAFKA_STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}

# --- Timing: EPOCHREALTIME gives microseconds without forking `date` ---------------------
now_us() { local t=${EPOCHREALTIME//[.,]/}; printf '%s' "$((10#$t))"; }

# Seconds since the given now_us value, with one decimal ("3.4s").
since() {
  local tenths=$((($(now_us) - $1) / 100000))
  printf '%d.%ds' $((tenths / 10)) $((tenths % 10))
}

# --- Probes ----------------------------------------------------------------------------------
# True if something accepts TCP connections on host:port (bash's /dev/tcp, no netcat needed).
port_open() {
  # shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash, on purpose
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# Polls "$@" every half second until it succeeds or $1 seconds pass.
wait_until() {
  local limit_s=$1
  shift
  local deadline=$(($(now_us) + limit_s * 1000000))
  until "$@"; do
    (($(now_us) < deadline)) || return 1
    sleep 0.5
  done
}

# --- Kafka process bookkeeping -----------------------------------------------------------
# True if $1 is a live process running the Kafka server main class. Guards against a
# stale pidfile whose pid has since been reused by an unrelated process.
is_kafka_pid() {
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q ' kafka\.Kafka '
}

# Prints the pid recorded in pidfile $1 if it still runs Kafka; fails otherwise.
live_kafka_pid() {
  local pid
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  is_kafka_pid "$pid" && printf '%s' "$pid"
}

# --- Mutual exclusion ----------------------------------------------------------------------
# Serialises brokers-up/brokers-down (e.g. parallel CI steps) on fd 9. Every daemon we
# launch must be given `9>&-`, or it would inherit the lock and hold it forever.
take_lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$LOCK_FILE"
  flock -w 600 9 || die "another brokers-up/brokers-down still holds $LOCK_FILE after 600s"
}

# --- State file (services started by brokers-up) -------------------------------------------
state_has() { [[ -f $STATE_FILE ]] && grep -q "^$1\( \|$\)" "$STATE_FILE"; }
state_add() { state_has "$1" || printf '%s\n' "$*" >>"$STATE_FILE"; }
state_get() { grep -m1 "^$1\( \|$\)" "$STATE_FILE" 2>/dev/null; }
state_remove() {
  [[ -f $STATE_FILE ]] || return 0
  grep -v "^$1\( \|$\)" "$STATE_FILE" >"$STATE_FILE.tmp" || true
  mv "$STATE_FILE.tmp" "$STATE_FILE"
  [[ -s $STATE_FILE ]] || rm -f "$STATE_FILE"
}

# --- PostgreSQL cluster lookup ---------------------------------------------------------------
# Prints "VERSION CLUSTER" of the local cluster configured for port 5432 (Debian's
# postgresql-common layout), falling back to the first installed version's "main".
postgres_cluster() {
  local found=''
  if command -v pg_lsclusters >/dev/null; then
    found=$(pg_lsclusters --no-header 2>/dev/null | awk -v p="$POSTGRES_PORT" '$3 == p { print $1, $2; exit }')
  fi
  if [[ -z $found && -d /etc/postgresql ]]; then
    local version
    version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n 1)
    [[ -n $version ]] && found="$version main"
  fi
  [[ -n $found ]] && printf '%s' "$found"
}
