package dev.flatgrad.benchmarks.peers;

import static dev.flatgrad.benchmarks.peers.PeerWorkload.named;

import dev.flatgrad.benchmarks.Gmm;
import dev.flatgrad.benchmarks.GmmGrad;
import dev.flatgrad.benchmarks.Llsq;
import dev.flatgrad.benchmarks.LlsqGrad;
import dev.flatgrad.benchmarks.Lse;
import dev.flatgrad.benchmarks.LseGrad;
import dev.flatgrad.benchmarks.Lstm;
import dev.flatgrad.benchmarks.LstmGrad;
import dev.flatgrad.benchmarks.Mlp;
import dev.flatgrad.benchmarks.MlpGrad;
import dev.flatgrad.benchmarks.Ode;
import dev.flatgrad.benchmarks.OdeGrad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the workloads the peers (benchmarks/peers: JAX and PyTorch) differentiate, with the
 * inputs the JMH benchmarks use (the same seeds) and flatgrad's value and gradient, as one JSON
 * file:
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.flatgrad.benchmarks.peers.PeersExport FILE
 * </pre>
 */
public final class PeersExport {

  private PeersExport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PeersExport OUTPUT.json");
      System.exit(2);
    }
    Files.writeString(Path.of(args[0]), Json.write(document()) + "\n", StandardCharsets.UTF_8);
  }

  /** gmm, mlp, lse, llsq, ode and lstm as the JMH benchmarks run them, and a small ode. */
  static List<PeerWorkload> workloads() {
    return List.of(gmm(), mlp(), lse(), llsq(), ode("ode", Ode.N, Ode.STEPS, "OdeBenchmark"),
        ode("ode_check", 12, 3, null), lstm());
  }

  static PeerWorkload gmm() {
    Gmm.Data d = new Gmm.Data(5);   // GmmBenchmark's
    var g = GmmGrad.gmm(d.alpha, d.means, d.icf, d.x, d.gamma, d.m, d.wishartConstant);
    return new PeerWorkload("gmm", "d=" + Gmm.D + " k=" + Gmm.K + " n=" + Gmm.N, "GmmBenchmark",
        named("alpha", d.alpha, "means", d.means, "icf", d.icf, "x", d.x, "gamma", d.gamma,
            "m", d.m, "wishartConstant", d.wishartConstant),
        List.of("alpha", "means", "icf"), g.value(),
        named("alpha", g.alpha(), "means", g.means(), "icf", g.icf()));
  }

  static PeerWorkload mlp() {
    Mlp.Data d = new Mlp.Data(2);   // MlpBenchmark's
    var g = MlpGrad.loss(d.w1, d.b1, d.w2, d.b2, d.x, d.labels);
    return new PeerWorkload("mlp", Mlp.INPUTS + "-" + Mlp.HIDDEN + "-" + Mlp.CLASSES + " batch="
        + Mlp.BATCH, "MlpBenchmark",
        named("w1", d.w1, "b1", d.b1, "w2", d.w2, "b2", d.b2, "x", d.x, "labels", d.labels),
        List.of("w1", "b1", "w2", "b2"), g.value(),
        named("w1", g.w1(), "b1", g.b1(), "w2", g.w2(), "b2", g.b2()));
  }

  static PeerWorkload lse() {
    double[] x = Lse.input(4);      // LseBenchmark's
    var g = LseGrad.lse(x);
    return new PeerWorkload("lse", "n=" + Lse.N, "LseBenchmark", named("x", x), List.of("x"),
        g.value(), named("x", g.x()));
  }

  static PeerWorkload llsq() {
    double[] x = Llsq.input(3);     // LlsqBenchmark's
    var g = LlsqGrad.llsq(x, Llsq.N);
    return new PeerWorkload("llsq", "m=" + Llsq.M + " n=" + Llsq.N, "LlsqBenchmark",
        named("x", x, "n", Llsq.N), List.of("x"), g.value(), named("x", g.x()));
  }

  static PeerWorkload ode(String name, int n, int s, String jmh) {
    double[] x = Ode.input(8, n);   // OdeBenchmark's at n = Ode.N
    var g = OdeGrad.ode(x, s);
    return new PeerWorkload(name, "n=" + n + " s=" + s, jmh, named("x", x, "s", s),
        List.of("x"), g.value(), named("x", g.x()));
  }

  static PeerWorkload lstm() {
    Lstm.Data d = new Lstm.Data(9); // LstmBenchmark's
    var g = LstmGrad.lstm(d.mainParams, d.extraParams, d.state, d.sequence);
    return new PeerWorkload("lstm", "l=" + Lstm.LAYERS + " c=" + Lstm.CHARS + " b=" + Lstm.BITS,
        "LstmBenchmark",
        named("mainParams", d.mainParams, "extraParams", d.extraParams, "state", d.state,
            "sequence", d.sequence),
        List.of("mainParams", "extraParams"), g.value(),
        named("mainParams", g.mainParams(), "extraParams", g.extraParams()));
  }

  /** The file's content: {@code {"workloads": [...]}}. */
  static Map<String, Object> document() {
    List<Object> workloads = new ArrayList<>();
    for (PeerWorkload w : workloads()) {
      workloads.add(w.toJson());
    }
    return named("workloads", workloads);
  }
}
