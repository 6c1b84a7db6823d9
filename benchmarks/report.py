#!/usr/bin/env python3
"""Turns a JMH JSON result file (java -jar benchmarks.jar ... -rf json -rff FILE) into the
Markdown tables of BENCHMARKS.md: absolute times per kernel and implementation, then the ratios
the issue's targets are stated in, then JMH's own scores (mean ± 99.9% error). Times and ratios
use the median of the measurement iterations, which other processes on a shared machine disturb
less than the mean. Standard library only.

    python3 benchmarks/report.py results.json
"""
import json
import sys

KERNELS = ["Neuron", "Mlp", "Llsq", "Lse", "Gmm", "GmmLarge", "StraightLine", "Rnn", "Ode", "Lstm"]
NAMES = {"Neuron": "neuron (seed 001)", "Mlp": "MLP 16-64-4, batch 32", "Llsq": "llsq m=128 n=1024",
         "Lse": "lse n=2500", "Gmm": "gmm d=10 k=25 n=100",
         "GmmLarge": "gmm d=10 k=25 n=1000", "StraightLine": "straight-line 450",
         "Rnn": "RNN 100 steps, 16 hidden", "Ode": "ode n=1000 s=10",
         "Lstm": "lstm l=2 c=1024 b=14"}
IMPLS = ["primal", "flatgrad", "flatgradInto", "handWritten", "handWrittenInto", "tape", "hipparchus",
         "finiteDifferences"]
TO_US = {"ns/op": 1e-3, "us/op": 1.0, "ms/op": 1e3, "s/op": 1e6}


def load(path):
    results = {}
    for r in json.load(open(path)):
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        kernel = cls.replace("Benchmark", "")
        m = r["primaryMetric"]
        scale = TO_US[m["scoreUnit"]]
        raw = sorted(x for fork in m["rawData"] for x in fork)
        n = len(raw)
        median = raw[n // 2] if n % 2 else (raw[n // 2 - 1] + raw[n // 2]) / 2
        results[(kernel, method)] = (median * scale, m["score"] * scale,
                                     (m["scoreError"] or 0) * scale)
    return results


def fmt(us):
    if us >= 1e6:
        return "%.2f s" % (us / 1e6)
    if us >= 1e3:
        return "%.2f ms" % (us / 1e3)
    if us >= 1:
        return "%.2f µs" % us
    return "%.1f ns" % (us * 1e3)


def main(path):
    res = load(path)
    print("| kernel | " + " | ".join(IMPLS) + " |")
    print("|---|" + "---:|" * len(IMPLS))
    for k in KERNELS:
        print("| %s | %s |" % (NAMES[k], " | ".join(
            fmt(res[(k, i)][0]) if (k, i) in res else "—" for i in IMPLS)))
    print()
    print("| kernel | generated ÷ hand-written | generated ÷ primal | generated into ÷ primal "
          "| hand-written ÷ primal | tape ÷ generated | Hipparchus ÷ generated "
          "| finite differences ÷ generated |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for k in KERNELS:
        def ratio(numerator, denominator, digits):
            if (k, numerator) not in res or (k, denominator) not in res:
                return "—"
            return "%.*f" % (digits, res[(k, numerator)][0] / res[(k, denominator)][0])
        print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            NAMES[k], ratio("flatgrad", "handWritten", 2), ratio("flatgrad", "primal", 2),
            ratio("flatgradInto", "primal", 2), ratio("handWritten", "primal", 2),
            ratio("tape", "flatgrad", 1), ratio("hipparchus", "flatgrad", 0),
            ratio("finiteDifferences", "flatgrad", 0)))
    print()
    print("| kernel | " + " | ".join(IMPLS) + " |")
    print("|---|" + "---:|" * len(IMPLS))
    for k in KERNELS:
        cells = []
        for i in IMPLS:
            if (k, i) not in res:
                cells.append("—")
                continue
            _, score, error = res[(k, i)]
            cells.append("%s ± %s" % (fmt(score), fmt(error)) if error == error else fmt(score))
        print("| %s | %s |" % (NAMES[k], " | ".join(cells)))

if __name__ == "__main__":
    main(sys.argv[1])
