#!/usr/bin/env bash
# Fleet mode end to end on this machine's Mosquitto binary (started by the test on a free port with the limits fleet
# mode needs) and PostgreSQL (127.0.0.1:5432, user postgres): three Meterkast nodes as separate JVMs on a fresh
# database, a fleet of meters publishing one telegram per meter per second, node 2 killed (kill -9) a third of the way
# in and started again --down-seconds later; then every quarter and every gas and water hour stored must equal what one
# node makes of the same telegrams (FleetClusterTest). The database is dropped at the end; the logs are in
# server/target/fleet-cluster/.
#
#   scripts/fleet-cluster.sh [--meters N] [--seconds N] [--seconds-per-telegram S] [--down-seconds N] [--seed N] [--jvm "FLAGS"]
#                            [--postgres jdbc:postgresql://HOST:PORT/] [--broker tcp://HOST:PORT] [-- MAVEN-ARGS]
#
#   --meters N                 meters fleet-00001 … (default 10000)
#   --seconds N                seconds of publishing (default 120)
#   --seconds-per-telegram S   meter seconds per telegram (default: 76 minutes of meter time over the run)
#   --down-seconds N           how long node 2 stays dead before it starts again (default 30)
#   --seed N                   the fleet's seed (default 1)
#   --jvm "FLAGS"              the nodes' JVM flags (default: -Xmx256m -Xss512k -XX:+UseSerialGC
#                              -XX:ActiveProcessorCount=1 -XX:ReservedCodeCacheSize=64m)
#   --postgres URL             another PostgreSQL than this machine's
#   --broker URL               a running broker instead of the Mosquitto the test starts for itself (the machine's
#                              binary with max_queued_messages 0 and max_inflight_messages 1000: with Mosquitto's
#                              defaults a node that is away loses its share of the telegrams beyond 1,000)
#   -- ARGS                    further arguments for Maven, e.g. -- -o to build offline
#
# Example: an hour of 20,000 meters in real time (1 s per telegram):
#   scripts/fleet-cluster.sh --meters 20000 --seconds 3600 --seconds-per-telegram 1
set -euo pipefail
cd "$(dirname "$0")/.."

props=()
maven=()
seconds=120
while [[ $# -gt 0 ]]; do
    case "$1" in
        --meters) props+=("-Dmeterkast.fleet.cluster.meters=$2"); shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --seconds-per-telegram) props+=("-Dmeterkast.fleet.cluster.seconds-per-telegram=$2"); shift 2 ;;
        --down-seconds) props+=("-Dmeterkast.fleet.cluster.down-seconds=$2"); shift 2 ;;
        --seed) props+=("-Dmeterkast.fleet.cluster.seed=$2"); shift 2 ;;
        --jvm) props+=("-Dmeterkast.fleet.cluster.jvm=$2"); shift 2 ;;
        --postgres) props+=("-Dmeterkast.cluster.postgres=$2"); shift 2 ;;
        --broker) props+=("-Dmeterkast.cluster.broker=$2" "-Dmeterkast.fleet.cluster.own-broker=false"); shift 2 ;;
        --) shift; maven=("$@"); break ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "fleet-cluster.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || (( seconds < 10 )); then
    echo "fleet-cluster.sh: --seconds must be a whole number of at least 10, not '$seconds'" >&2
    exit 2
fi
# the nodes' start, the publishing, the settling of the quarter table and the check, with room to spare
timeout=$(( seconds + 1200 ))
exec mvn -B -Pcluster -pl server -am verify -Dtest=FleetClusterTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmeterkast.fleet.cluster.seconds="$seconds" -Dsurefire.timeout="$timeout" "${props[@]}" "${maven[@]}"
