#!/usr/bin/env bash
# Stops what scripts/brokers-up.sh started, and nothing else:
#   - every Kafka it launched (one pidfile per port): SIGTERM, bounded wait, then SIGKILL;
#   - RabbitMQ / PostgreSQL only if brokers-up had to start them (its state file says so).
# Brokers that were already running before brokers-up are left alone. Idempotent.
# Kafka data and cached jars are kept; delete brokers/.cache to start from scratch.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/brokers-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/brokers-common.sh"

STOPPED_ANY=false

# Stops the Kafka recorded in pidfile $1, if it is still running.
stop_kafka() {
  local pidfile=$1 port pid t0
  port=${pidfile##*/kafka-}
  port=${port%.pid}
  if ! pid=$(live_kafka_pid "$pidfile"); then
    rm -f "$pidfile" # stale: nothing of ours runs any more
    return
  fi
  t0=$(now_us)
  STOPPED_ANY=true
  # SIGTERM runs Kafka's controlled shutdown, which flushes logs and closes the metadata
  # log cleanly, so the next start needs no recovery.
  kill -TERM "$pid" 2>/dev/null || true
  if wait_until "$KAFKA_STOP_TIMEOUT" not_running "$pid"; then
    log "kafka on $LOOPBACK:$port stopped (pid $pid) ($(since "$t0"))"
  else
    warn "kafka pid $pid ignored SIGTERM for ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 10 not_running "$pid" || die "kafka pid $pid survived SIGKILL"
    log "kafka on $LOOPBACK:$port killed (pid $pid) ($(since "$t0"))"
  fi
  rm -f "$pidfile"
}

# Checks the command line rather than `kill -0`: a reaped-late zombie still passes kill -0
# but has an empty cmdline, and a recycled pid would not be running kafka.Kafka.
not_running() { ! is_kafka_pid "$1"; }

stop_all_kafkas() {
  local pidfile
  for pidfile in "$RUN_DIR"/kafka-*.pid; do
    [[ -e $pidfile ]] || continue # the glob matched nothing
    stop_kafka "$pidfile"
  done
}

rabbitmq_down() { ! port_open "$LOOPBACK" "$RABBITMQ_PORT"; }

stop_rabbitmq_if_ours() {
  local t0
  state_has rabbitmq || return 0
  t0=$(now_us)
  STOPPED_ANY=true
  # `rabbitmqctl stop` stops the whole Erlang node that `rabbitmq-server -detached` started.
  rabbitmqctl stop </dev/null >/dev/null 2>&1 || warn "rabbitmqctl stop failed (already stopped?)"
  wait_until 60 rabbitmq_down || die "rabbitmq still answers on $LOOPBACK:$RABBITMQ_PORT after rabbitmqctl stop"
  state_remove rabbitmq
  log "rabbitmq stopped (started by brokers-up) ($(since "$t0"))"
}

stop_postgres_if_ours() {
  local t0 cluster
  state_has postgres || return 0
  t0=$(now_us)
  STOPPED_ANY=true
  cluster=$(state_get postgres)
  cluster=${cluster#postgres }
  # shellcheck disable=SC2086 # $cluster is "VERSION NAME", two arguments on purpose
  pg_ctlcluster --skip-systemctl-redirect $cluster stop </dev/null >/dev/null 2>&1 ||
    warn "pg_ctlcluster $cluster stop failed (already stopped?)"
  state_remove postgres
  log "postgres cluster $cluster stopped (started by brokers-up) ($(since "$t0"))"
}

main() {
  take_lock
  stop_all_kafkas
  stop_rabbitmq_if_ours
  stop_postgres_if_ours
  if [[ $STOPPED_ANY == true ]]; then
    log "brokers started by brokers-up are down"
  else
    log "nothing to stop: no broker started by brokers-up is running"
  fi
}

main "$@"
