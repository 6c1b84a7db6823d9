package dev.flatgrad.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The peers' workloads file: its JSON, and that each workload's gradient fits its arguments. */
class PeersExportTest {

  @Test
  void writesNestedJson() {
    Map<String, Object> doc = PeerWorkload.named("name", "lse", "n", 3, "x",
        new double[] {0.5, -2.0}, "m", new double[][] {{1.0}, {2.5e-300}}, "labels",
        new int[] {2, 0}, "list", List.of(1.5, "a"));
    assertEquals("{\"name\": \"lse\", \"n\": 3, \"x\": [0.5, -2.0], \"m\": [[1.0],\n [2.5E-300]], "
        + "\"labels\": [2, 0], \"list\": [1.5, \"a\"]}", Json.write(doc));
  }

  /** Python's json reads Java's shortest round-trip decimals back to the same bits. */
  @Test
  void doublesKeepEveryBit() {
    double[] tricky = {0.1, 1.0 / 3, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-310,
        6.0554544523933395e-6, Math.PI * 1e17};
    for (double x : tricky) {
      String written = Json.write(x);
      assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(
          Double.parseDouble(written)), written);
    }
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Json.write("a\"b"));
  }

  @Test
  void everyWorkloadHasAGradientShapedLikeItsParameters() {
    List<PeerWorkload> workloads = PeersExport.workloads();
    assertEquals(List.of("gmm", "mlp", "lse", "llsq", "ode", "ode_check", "lstm"),
        workloads.stream().map(PeerWorkload::name).toList());
    for (PeerWorkload w : workloads) {
      assertEquals(w.wrt(), List.copyOf(w.gradient().keySet()), w.name());
      for (String p : w.wrt()) {
        Object arg = w.args().get(p);
        Object grad = w.gradient().get(p);
        if (arg instanceof double[] v) {
          assertEquals(v.length, ((double[]) grad).length, w.name() + "." + p);
        } else {
          double[][] m = (double[][]) arg;
          double[][] g = (double[][]) grad;
          assertEquals(m.length, g.length, w.name() + "." + p);
          for (int i = 0; i < m.length; i++) {
            assertEquals(m[i].length, g[i].length, w.name() + "." + p + "[" + i + "]");
          }
        }
      }
    }
    // Timed workloads name the JMH class that times them; the small ode is only checked.
    assertEquals("OdeBenchmark", workloads.get(4).jmh());
    assertEquals(null, workloads.get(5).jmh());
  }
}
