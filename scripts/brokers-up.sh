#!/usr/bin/env bash
# Brings up the brokers Railyard's tests and local dev need, on loopback only:
#   RabbitMQ   127.0.0.1:5672  started with the system package if it is not answering
#   PostgreSQL 127.0.0.1:5432  started with the system package if it is not answering
#   Kafka      127.0.0.1:9092  single-node KRaft (broker + controller on :9093), from the
#                              official jars resolved by Maven (brokers/pom.xml)
#
# Idempotent: brokers already answering are left alone; only what this script starts is
# recorded for scripts/brokers-down.sh to stop. Safe in CI (no prompts, no stdin).
#
# Environment:
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_FAULTS_PORT (KAFKA_PORT+2)
#   and KAFKA_FAULTS_PROXY_PORT (KAFKA_PORT+10002) for the chaos suite's proxied listener,
#   KAFKA_SASL_PORT (KAFKA_PORT+3), KAFKA_SASL_USER / _PASSWORD for the SASL listener,
#   KAFKA_TLS_PORT (KAFKA_PORT+4) for the SSL listener (mutual TLS, brokers/tls), KAFKA_DATA_DIR
#   (brokers/.cache/kafka-data), KAFKA_HEAP_OPTS (-Xms256m -Xmx512m), JAVA_HOME,
#   *_START_TIMEOUT seconds for RABBITMQ / POSTGRES / KAFKA.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/brokers-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/brokers-common.sh"

KAFKA_PROPS_TEMPLATE=$BROKERS_DIR/kafka/server.properties
KAFKA_LOG4J_CONFIG=$BROKERS_DIR/kafka/log4j2.xml
KAFKA_PROPS=$KAFKA_DATA_DIR/server.properties   # rendered from the template each start
KAFKA_LOG_DIRS=$KAFKA_DATA_DIR/kraft-logs       # topic partitions + KRaft metadata log
KAFKA_LOGS=$KAFKA_DATA_DIR/logs                 # server.log (log4j2) + stdout.log (JVM)
CLUSTER_ID_FILE=$KAFKA_DATA_DIR/cluster.id
KAFKA_SCRAM_STAMP=$KAFKA_DATA_DIR/scram-user.added   # SCRAM credentials of KAFKA_SASL_USER exist
JARS_STAMP=$KAFKA_LIB_DIR/.resolved-from-pom
# server.log is appended across runs; failure reports start at the line this run began.
KAFKA_LOG_FIRST_LINE=1

# ---------------------------------------------------------------------------------------------
# RabbitMQ and PostgreSQL: system services, started only when not already answering.
# ---------------------------------------------------------------------------------------------

rabbitmq_up() { port_open "$LOOPBACK" "$RABBITMQ_PORT"; }

postgres_up() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$LOOPBACK" -p "$POSTGRES_PORT" -t 2
  else
    port_open "$LOOPBACK" "$POSTGRES_PORT"
  fi
}

ensure_rabbitmq() {
  local t0
  t0=$(now_us)
  if rabbitmq_up; then
    log "rabbitmq $LOOPBACK:$RABBITMQ_PORT up ($(since "$t0"))"
    return
  fi
  command -v rabbitmq-server >/dev/null ||
    die "rabbitmq is not answering on $LOOPBACK:$RABBITMQ_PORT and rabbitmq-server is not installed (apt-get install rabbitmq-server)"
  log "rabbitmq not answering on $LOOPBACK:$RABBITMQ_PORT, starting it"
  # -detached forks the node and returns; 9>&- keeps our lock out of the daemon.
  rabbitmq-server -detached </dev/null >>"$RUN_DIR/rabbitmq-start.log" 2>&1 9>&- ||
    die "rabbitmq could not be started: rabbitmq-server -detached failed (see $RUN_DIR/rabbitmq-start.log)"
  # Recorded before waiting, so brokers-down can stop a node that came up late.
  state_add rabbitmq
  wait_until "$RABBITMQ_START_TIMEOUT" rabbitmq_up ||
    die "rabbitmq could not be started: still not answering on $LOOPBACK:$RABBITMQ_PORT after ${RABBITMQ_START_TIMEOUT}s (see /var/log/rabbitmq/)"
  log "rabbitmq $LOOPBACK:$RABBITMQ_PORT up, started by brokers-up ($(since "$t0"))"
}

ensure_postgres() {
  local t0 cluster
  t0=$(now_us)
  if postgres_up; then
    log "postgres $LOOPBACK:$POSTGRES_PORT up ($(since "$t0"))"
    return
  fi
  if ! command -v pg_ctlcluster >/dev/null || ! cluster=$(postgres_cluster); then
    die "postgres is not answering on $LOOPBACK:$POSTGRES_PORT and no local PostgreSQL cluster is installed (apt-get install postgresql)"
  fi
  log "postgres not answering on $LOOPBACK:$POSTGRES_PORT, starting cluster $cluster"
  # --skip-systemctl-redirect: there is no systemd here (containers, CI).
  # shellcheck disable=SC2086 # $cluster is "VERSION NAME", two arguments on purpose
  pg_ctlcluster --skip-systemctl-redirect $cluster start </dev/null >>"$RUN_DIR/postgres-start.log" 2>&1 9>&- ||
    die "postgres could not be started: pg_ctlcluster $cluster start failed (see $RUN_DIR/postgres-start.log)"
  state_add postgres "$cluster"
  wait_until "$POSTGRES_START_TIMEOUT" postgres_up ||
    die "postgres could not be started: still not answering on $LOOPBACK:$POSTGRES_PORT after ${POSTGRES_START_TIMEOUT}s"
  log "postgres $LOOPBACK:$POSTGRES_PORT up, started by brokers-up ($(since "$t0"))"
}

# ---------------------------------------------------------------------------------------------
# Kafka: jars from Maven Central, KRaft storage formatted once, JVM in the background.
# ---------------------------------------------------------------------------------------------

kafka_ready() { node "$REPO_ROOT/scripts/lib/kafka-probe.js" "$LOOPBACK:$KAFKA_PORT" >/dev/null 2>&1; }

java_bin() { printf '%s' "${JAVA_HOME:+$JAVA_HOME/bin/}java"; }

# Kafka 4.x brokers need Java 17+; say so plainly instead of a cryptic class-version error.
check_java() {
  local java version major
  java=$(java_bin)
  command -v "$java" >/dev/null || die "kafka needs Java 17+, but '$java' was not found (set JAVA_HOME)"
  version=$("$java" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
  major=${version%%.*}
  if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 17)); then
    die "kafka needs Java 17+, but $java is version '${version:-unknown}' (set JAVA_HOME)"
  fi
}

# Copies the broker's runtime classpath into brokers/.cache/lib. Skipped when the jars
# there were resolved from the current pom.xml, which keeps warm starts free of Maven.
resolve_kafka_jars() {
  local t0 pom_sum staging
  t0=$(now_us)
  pom_sum=$(sha256sum "$BROKERS_DIR/pom.xml" | cut -d' ' -f1)
  if [[ -f $JARS_STAMP && $(<"$JARS_STAMP") == "$pom_sum" ]]; then
    log "kafka jars cached in ${KAFKA_LIB_DIR#"$REPO_ROOT"/} ($(since "$t0"))"
    return
  fi
  command -v mvn >/dev/null || die "kafka jars are not cached and Maven (mvn) is not installed"
  log "resolving kafka jars with Maven (first run downloads ~45 MB from Maven Central)"
  # Resolve into a staging folder and swap it in whole: an interrupted download or a
  # version bump never leaves a half-filled or mixed-version classpath behind.
  staging=$CACHE_DIR/lib.staging
  rm -rf "$staging"
  # Output goes to a file: -q leaves only errors, and Debian's Maven 3.8 also prints stray
  # ANSI reset codes that would garble our step lines.
  mvn -B -q --no-transfer-progress -f "$BROKERS_DIR/pom.xml" \
    dependency:copy-dependencies -DoutputDirectory="$staging" </dev/null >"$RUN_DIR/maven.log" 2>&1 || {
    cat "$RUN_DIR/maven.log" >&2
    die "kafka jars could not be resolved by Maven from brokers/pom.xml (output above)"
  }
  rm -rf "$KAFKA_LIB_DIR"
  mv "$staging" "$KAFKA_LIB_DIR"
  printf '%s\n' "$pom_sum" >"$JARS_STAMP"
  log "kafka jars resolved ($(since "$t0"))"
}

# Runs a Kafka command-line class on the cached classpath with a small heap.
kafka_tool() {
  "$(java_bin)" -Xmx256m -cp "$KAFKA_LIB_DIR/*" \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG" -Dkafka.logs.dir="$KAFKA_LOGS" "$@" </dev/null
}

# Fills the @NAME@ placeholders of the template. Replacement strings are quoted so bash 5.2's
# patsub_replacement does not treat '&' in a path as "the matched text".
render_kafka_props() {
  local text
  text=$(<"$KAFKA_PROPS_TEMPLATE")
  text=${text//@KAFKA_HOST@/"$LOOPBACK"}
  text=${text//@KAFKA_PORT@/"$KAFKA_PORT"}
  text=${text//@KAFKA_CONTROLLER_PORT@/"$KAFKA_CONTROLLER_PORT"}
  text=${text//@KAFKA_FAULTS_PORT@/"$KAFKA_FAULTS_PORT"}
  text=${text//@KAFKA_FAULTS_PROXY_PORT@/"$KAFKA_FAULTS_PROXY_PORT"}
  text=${text//@KAFKA_SASL_PORT@/"$KAFKA_SASL_PORT"}
  text=${text//@KAFKA_TLS_PORT@/"$KAFKA_TLS_PORT"}
  text=${text//@KAFKA_TLS_DIR@/"$BROKERS_DIR/tls"}
  text=${text//@KAFKA_SASL_USER@/"$KAFKA_SASL_USER"}
  text=${text//@KAFKA_SASL_PASSWORD@/"$KAFKA_SASL_PASSWORD"}
  text=${text//@KAFKA_LOG_DIRS@/"$KAFKA_LOG_DIRS"}
  printf '# Generated by scripts/brokers-up.sh from brokers/kafka/server.properties; edits are overwritten.\n%s\n' \
    "$text" >"$KAFKA_PROPS"
}

# KRaft refuses to start on unformatted storage. The cluster id is generated once and kept
# in the data dir, so re-formatting (e.g. after kraft-logs was wiped) reuses the same id.
format_kafka_storage() {
  local t0 cluster_id
  [[ -f $KAFKA_LOG_DIRS/meta.properties ]] && return
  t0=$(now_us)
  if [[ ! -s $CLUSTER_ID_FILE ]]; then
    kafka_tool kafka.tools.StorageTool random-uuid >"$CLUSTER_ID_FILE.tmp" ||
      die "kafka could not generate a cluster id (kafka.tools.StorageTool random-uuid)"
    mv "$CLUSTER_ID_FILE.tmp" "$CLUSTER_ID_FILE"
  fi
  cluster_id=$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")
  kafka_tool kafka.tools.StorageTool format --ignore-formatted \
    --cluster-id "$cluster_id" --config "$KAFKA_PROPS" \
    --add-scram "SCRAM-SHA-256=[name=$KAFKA_SASL_USER,password=$KAFKA_SASL_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=$KAFKA_SASL_USER,password=$KAFKA_SASL_PASSWORD]" \
    >"$KAFKA_LOGS/format.log" 2>&1 || {
    cat "$KAFKA_LOGS/format.log" >&2
    die "kafka storage could not be formatted in $KAFKA_LOG_DIRS"
  }
  touch "$KAFKA_SCRAM_STAMP"
  log "kafka storage formatted, cluster id $cluster_id ($(since "$t0"))"
}

# Storage formatted before the SASL listener existed has no SCRAM user: add it once the broker
# runs (ConfigCommand, over the plaintext listener), then remember it was done.
ensure_scram_user() {
  local t0 mechanism
  [[ -f $KAFKA_SCRAM_STAMP ]] && return
  t0=$(now_us)
  # One mechanism per request: the broker refuses to alter one user's credentials twice in one.
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    kafka_tool kafka.admin.ConfigCommand --bootstrap-server "$LOOPBACK:$KAFKA_PORT" --alter \
      --add-config "$mechanism=[password=$KAFKA_SASL_PASSWORD]" \
      --entity-type users --entity-name "$KAFKA_SASL_USER" >"$KAFKA_LOGS/scram.log" 2>&1 || {
      cat "$KAFKA_LOGS/scram.log" >&2
      die "kafka $mechanism user $KAFKA_SASL_USER could not be added"
    }
  done
  touch "$KAFKA_SCRAM_STAMP"
  log "kafka SCRAM user $KAFKA_SASL_USER added ($(since "$t0"))"
}

# Shows why Kafka failed: its JVM output, then the errors and their root causes from
# server.log (stack frames skipped, they bury the one useful line), then its last lines.
print_kafka_log_tail() {
  local out=$KAFKA_LOGS/stdout.log server=$KAFKA_LOGS/server.log
  if [[ -s $out ]]; then
    printf '[brokers] ---- last lines of %s ----\n' "$out" >&2
    tail -n 20 "$out" >&2
  fi
  [[ -s $server ]] || return 0
  printf '[brokers] ---- errors in %s ----\n' "$server" >&2
  this_run_log | grep -E '^\[[^]]*\] (ERROR|FATAL) |^Caused by: ' | tail -n 12 >&2 || true
  printf '[brokers] ---- last lines of %s ----\n' "$server" >&2
  this_run_log | grep -v -E '^[[:space:]]+(at |\.\.\. [0-9]+ more)' | tail -n 10 >&2 || true
}

# server.log from the line this run started at, long lines cut to stay readable.
this_run_log() { tail -n "+$KAFKA_LOG_FIRST_LINE" "$KAFKA_LOGS/server.log" | cut -c1-400; }

# Starts kafka.Kafka detached from this shell and records its pid.
launch_kafka() {
  local heap_opts=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
  # Keep the previous run's JVM output for post-mortems; log4j2 rotates server.log itself.
  [[ -f $KAFKA_LOGS/stdout.log ]] && mv "$KAFKA_LOGS/stdout.log" "$KAFKA_LOGS/stdout.log.1"
  [[ -f $KAFKA_LOGS/server.log ]] && KAFKA_LOG_FIRST_LINE=$(($(wc -l <"$KAFKA_LOGS/server.log") + 1))
  # setsid: the broker outlives this script and is not hit by Ctrl-C or the caller's session
  # ending. The inner shell writes its own pid before exec'ing java, so the pidfile holds
  # the JVM's pid exactly. 9>&- keeps our lock out of the long-lived JVM.
  # shellcheck disable=SC2016,SC2086 # $$ belongs to the inner shell; heap opts split on purpose
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$KAFKA_PIDFILE" \
    "$(java_bin)" $heap_opts \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG" -Dkafka.logs.dir="$KAFKA_LOGS" \
    -cp "$KAFKA_LIB_DIR/*" kafka.Kafka "$KAFKA_PROPS" \
    </dev/null >"$KAFKA_LOGS/stdout.log" 2>&1 9>&- &
  # The pidfile appears a moment after the fork; wait until it names the running JVM.
  wait_until 10 kafka_launched || {
    print_kafka_log_tail
    die "kafka did not start: no running kafka.Kafka process recorded in $KAFKA_PIDFILE"
  }
}

kafka_launched() { [[ -s $KAFKA_PIDFILE ]] && is_kafka_pid "$(<"$KAFKA_PIDFILE")"; }

# Polls until the broker serves metadata. Fails fast if the JVM dies, and on timeout stops it
# so no half-started broker is left holding the ports.
wait_for_kafka() {
  local pid=$1 deadline
  deadline=$(($(now_us) + KAFKA_START_TIMEOUT * 1000000))
  until kafka_ready; do
    if ! is_kafka_pid "$pid"; then
      rm -f "$KAFKA_PIDFILE"
      print_kafka_log_tail
      die "kafka exited during startup (pid $pid); logs in $KAFKA_LOGS"
    fi
    if (($(now_us) >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$KAFKA_PIDFILE"
      print_kafka_log_tail
      die "kafka did not accept clients on $LOOPBACK:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s; killed pid $pid; logs in $KAFKA_LOGS"
    fi
    sleep 0.5
  done
}

start_kafka() {
  local t0 pid
  check_java
  resolve_kafka_jars
  t0=$(now_us)
  mkdir -p "$KAFKA_LOG_DIRS" "$KAFKA_LOGS"
  render_kafka_props
  format_kafka_storage
  launch_kafka
  pid=$(<"$KAFKA_PIDFILE")
  log "kafka starting (pid $pid, data ${KAFKA_DATA_DIR#"$REPO_ROOT"/})"
  wait_for_kafka "$pid"
  ensure_scram_user
  log "kafka up on $LOOPBACK:$KAFKA_PORT, SASL on :$KAFKA_SASL_PORT, TLS on :$KAFKA_TLS_PORT (KRaft controller :$KAFKA_CONTROLLER_PORT) ($(since "$t0"))"
}

ensure_kafka() {
  local t0 pid
  t0=$(now_us)
  command -v node >/dev/null || die "kafka readiness is checked with Node.js, but node is not installed"
  # Ours and alive: it may still be starting (e.g. a previous run timed out in the caller).
  if pid=$(live_kafka_pid "$KAFKA_PIDFILE"); then
    wait_for_kafka "$pid"
    ensure_scram_user
    log "kafka already up on $LOOPBACK:$KAFKA_PORT (pid $pid) ($(since "$t0"))"
    return
  fi
  rm -f "$KAFKA_PIDFILE" # stale: the recorded process is gone
  # Someone else's: accept it only if it really is a working Kafka.
  if port_open "$LOOPBACK" "$KAFKA_PORT"; then
    local why
    why=$(node "$REPO_ROOT/scripts/lib/kafka-probe.js" "$LOOPBACK:$KAFKA_PORT" 2>&1) ||
      die "kafka cannot start: $LOOPBACK:$KAFKA_PORT is taken by something that is not a working Kafka ($why)"
    log "kafka already up on $LOOPBACK:$KAFKA_PORT, not started by brokers-up, left alone: $why ($(since "$t0"))"
    return
  fi
  start_kafka
}

main() {
  local t0
  t0=$(now_us)
  take_lock
  ensure_rabbitmq
  ensure_postgres
  ensure_kafka
  log "all brokers up ($(since "$t0"))"
}

main "$@"
