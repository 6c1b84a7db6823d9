#!/usr/bin/env python3
"""flatgrad beside JAX and PyTorch on the same workloads and the same inputs.

Reads the workloads file written by the Java side (dev.flatgrad.benchmarks.peers.PeersExport:
each workload's arguments, flatgrad's value and gradient), differentiates each workload with JAX
(jit, float64) and PyTorch (eager, float64), checks both against flatgrad's gradient (relative
tolerance 1e-9 of the largest gradient entry), times primal and gradient (median of single calls
after warm-up), and prints one table with flatgrad's JMH times (the medians of a JMH JSON result
file) beside them. Everything runs on one thread, as gradbench runs its tools.

    peers.py WORKLOADS.json [--jmh JMH.json] [--seconds 2] [--tools jax,torch] [--out RESULTS.json]

run.sh next to this file does all of it: builds the workloads file, runs JMH, then this.
"""
import os

# One thread everywhere; these must be set before JAX, PyTorch or NumPy start.
os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "")
                           + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

TOLERANCE = 1e-9
ORDER = ["gmm", "mlp", "lse", "llsq", "ode", "lstm"]


def load_tools(names):
    tools = {}
    for name in names:
        if name == "jax":
            import workloads_jax
            tools["JAX"] = workloads_jax
        elif name == "torch":
            import torch
            torch.set_num_threads(1)
            torch.set_num_interop_threads(1)
            import workloads_torch
            tools["PyTorch"] = workloads_torch
        else:
            sys.exit("unknown tool " + name)
    return tools


def check(tool, workload, result):
    """Value and gradient against flatgrad's; returns the largest relative gradient error."""
    value, gradient = result
    expected_value = workload["value"]
    expected = np.concatenate([np.asarray(workload["gradient"][k], dtype=np.float64).ravel()
                               for k in workload["wrt"]])
    if gradient.shape != expected.shape:
        raise AssertionError("%s %s: gradient has %d entries, flatgrad's %d"
                             % (tool, workload["name"], gradient.size, expected.size))
    if abs(value - expected_value) > TOLERANCE * max(abs(expected_value), 1e-300):
        raise AssertionError("%s %s: value %r, flatgrad's %r"
                             % (tool, workload["name"], value, expected_value))
    scale = max(float(np.max(np.abs(expected))), 1e-300)
    error = float(np.max(np.abs(gradient - expected))) / scale
    if error > TOLERANCE:
        at = int(np.argmax(np.abs(gradient - expected)))
        raise AssertionError("%s %s: gradient differs by %.3g (relative to the largest entry) at "
                             "%d: %r vs flatgrad's %r" % (tool, workload["name"], error, at,
                                                          gradient[at], expected[at]))
    return error


def median_seconds(call, block, seconds, min_runs=5, max_runs=10000, warm_up=0.5):
    """Median of single calls: at least 2 warm-up calls (JAX compiles on the first) for
    warm_up seconds, then min_runs calls and more until `seconds` have passed."""
    start = time.perf_counter()
    runs = 0
    while runs < 2 or time.perf_counter() - start < warm_up:
        block(call())
        runs += 1
    times = []
    start = time.perf_counter()
    while len(times) < min_runs or (time.perf_counter() - start < seconds
                                    and len(times) < max_runs):
        t0 = time.perf_counter()
        block(call())
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def jmh_times(path):
    """flatgrad's JMH medians in µs: {(workload, "primal" | "gradient"): µs}."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import report  # benchmarks/report.py: JMH JSON to medians
    times = {}
    for (kernel, method), (median_us, _, _) in report.load(path).items():
        if method in ("primal", "flatgrad"):
            times[(kernel, "gradient" if method == "flatgrad" else "primal")] = median_us
    return times


def fmt(us):
    if us is None:
        return "—"
    if us >= 1e3:
        return "%.2f ms" % (us / 1e3)
    return "%.1f µs" % us


def ratio(a, b):
    if a is None or b is None:
        return "—"
    r = a / b
    return "%.1f" % r if r >= 10 else "%.2f" % r if r >= 0.1 else "%.2g" % r


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workloads")
    parser.add_argument("--jmh", help="JMH JSON result file with the flatgrad and primal "
                        "benchmarks of the workloads' JMH classes")
    parser.add_argument("--seconds", type=float, default=2.0,
                        help="time spent measuring each function (after warm-up)")
    parser.add_argument("--tools", default="jax,torch")
    parser.add_argument("--out", help="write the peers' times (µs) and errors here as JSON")
    parser.add_argument("--no-pin", action="store_true",
                        help="do not pin this process to one CPU (gradbench pins JAX to one)")
    args = parser.parse_args()
    if not args.no_pin:
        # XLA and PyTorch keep helper threads even when told to use one; on one CPU they cannot
        # run beside the measured thread.
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    workloads = json.load(open(args.workloads))["workloads"]
    tools = load_tools(args.tools.split(","))
    measured = {}
    for workload in workloads:
        for tool, module in tools.items():
            primal, gradient, arguments = module.make(workload)
            error = check(tool, workload, module.flat(gradient(*arguments)))
            value = float(module.block(primal(*arguments)))
            if abs(value - workload["value"]) > TOLERANCE * max(abs(workload["value"]), 1e-300):
                raise AssertionError("%s %s: primal %r, flatgrad's %r"
                                     % (tool, workload["name"], value, workload["value"]))
            line = "%-8s %-10s %-22s gradient agrees (max relative error %.1e)" % (
                tool, workload["name"], workload["size"], error)
            if "jmh" in workload:
                g = median_seconds(lambda: gradient(*arguments), module.block, args.seconds)
                p = median_seconds(lambda: primal(*arguments), module.block, args.seconds)
                measured[(workload["name"], tool)] = {"gradient_us": g * 1e6, "primal_us": p * 1e6,
                                                      "max_relative_error": error}
                line += "; gradient %s, primal %s" % (fmt(g * 1e6), fmt(p * 1e6))
            print(line, flush=True)

    flatgrad = jmh_times(args.jmh) if args.jmh else {}
    print()
    print("| workload | size | flatgrad gradient | JAX gradient | PyTorch gradient "
          "| flatgrad ÷ JAX | flatgrad ÷ PyTorch | gradient ÷ primal: flatgrad | JAX | PyTorch |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    by_name = {w["name"]: w for w in workloads}
    for name in ORDER:
        if name not in by_name:
            continue
        w = by_name[name]
        kernel = w["jmh"].replace("Benchmark", "")
        fg = flatgrad.get((kernel, "gradient"))
        fp = flatgrad.get((kernel, "primal"))
        peer = {tool: measured.get((name, tool), {}) for tool in ("JAX", "PyTorch")}
        jg, tg = peer["JAX"].get("gradient_us"), peer["PyTorch"].get("gradient_us")
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, w["size"], fmt(fg), fmt(jg), fmt(tg), ratio(fg, jg), ratio(fg, tg),
            ratio(fg, fp), ratio(jg, peer["JAX"].get("primal_us")),
            ratio(tg, peer["PyTorch"].get("primal_us"))))
    if args.out:
        json.dump({"%s/%s" % key: value for key, value in measured.items()} | {
            "flatgrad/%s/%s" % key: value for key, value in flatgrad.items()},
            open(args.out, "w"), indent=1)


if __name__ == "__main__":
    main()
