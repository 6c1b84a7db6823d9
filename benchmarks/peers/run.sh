#!/usr/bin/env bash
# flatgrad beside JAX and PyTorch: builds the workloads file from the benchmarks jar, runs the
# JMH primal and flatgrad benchmarks of gmm, mlp, lse, llsq, ode and lstm, then the peers
# (peers.py), and prints one table. Takes several minutes; CI does not run it.
#
#   benchmarks/peers/run.sh                 # from anywhere; builds the jar and the venv if missing
#   PEERS_SECONDS=5 benchmarks/peers/run.sh # longer peer measurements
#   JMH_ARGS="-f 3 -wi 5 -w 1s -i 10 -r 1s" benchmarks/peers/run.sh
#
# Environment: JAVA (default java), PYTHON (default python3, for the venv), PEERS_VENV (default
# benchmarks/peers/.venv), JMH_ARGS, PEERS_SECONDS (default 2), PEERS_TOOLS (default jax,torch),
# MVN_ARGS (extra arguments for the Maven build of the jar, e.g. -o).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
jar="${root}/benchmarks/target/benchmarks.jar"
out="${root}/benchmarks/target/peers"
venv="${PEERS_VENV:-${here}/.venv}"
java="${JAVA:-java}"

echo "load before: $(uptime)"
if [[ ! -f "${jar}" ]]; then
  (cd "${root}" && mvn -B -q ${MVN_ARGS:-} package -DskipTests)
fi
if [[ ! -x "${venv}/bin/python" ]]; then
  "${PYTHON:-python3}" -m venv "${venv}"
  "${venv}/bin/pip" install --quiet -r "${here}/requirements.txt"
fi

mkdir -p "${out}"
"${java}" -cp "${jar}" dev.flatgrad.benchmarks.peers.PeersExport "${out}/workloads.json"

# One JMH fork; the JVM's own threads (JIT, GC) run beside the measured thread as usual.
# shellcheck disable=SC2086
"${java}" -jar "${jar}" '\.(Gmm|Mlp|Lse|Llsq|Ode|Lstm)Benchmark\.(primal|flatgrad)$' \
    ${JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s} -rf json -rff "${out}/jmh.json" > "${out}/jmh.log"
echo "JMH done (log: ${out}/jmh.log)"

(cd "${here}" && "${venv}/bin/python" peers.py "${out}/workloads.json" --jmh "${out}/jmh.json" \
    --seconds "${PEERS_SECONDS:-2}" --tools "${PEERS_TOOLS:-jax,torch}" \
    --out "${out}/peers.json")
echo "load after: $(uptime)"
