package dev.flatgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects one kernel's value and gradient from each implementation, flattened into one vector
 * in parameter order, and checks that they agree: the exact ones (flatgrad, hand-written, tape,
 * Hipparchus) with each other to rounding, and each with central finite differences of the
 * user's method to the accuracy of finite differences.
 */
final class Agreement {

  /** Relative tolerance between two exact gradients: they differ only by rounding. */
  static final double EXACT = 1e-9;
  /** Relative tolerance against central differences with steps of about 6e-6. */
  static final double FINITE_DIFFERENCES = 1e-6;

  private final String kernel;
  private final double primal;
  private final Map<String, double[]> gradients = new LinkedHashMap<>();
  private final Map<String, Double> values = new LinkedHashMap<>();
  private double[] finiteDifferences;

  Agreement(String kernel, double primal) {
    this.kernel = kernel;
    this.primal = primal;
  }

  Agreement exact(String implementation, double value, Object... gradient) {
    values.put(implementation, value);
    gradients.put(implementation, flatten(gradient));
    return this;
  }

  Agreement finiteDifferences(double value, Object... gradient) {
    values.put("finite differences", value);
    finiteDifferences = flatten(gradient);
    return this;
  }

  /** Asserts agreement; flatgrad's value must be bit for bit the user's method's. */
  void check() {
    assertEquals(primal, values.get("flatgrad"), 0.0, kernel + ": flatgrad's value is the primal");
    for (Map.Entry<String, Double> value : values.entrySet()) {
      assertEquals(primal, value.getValue(), EXACT * (1 + Math.abs(primal)),
          kernel + ": value of " + value.getKey());
    }
    double[] reference = gradients.get("flatgrad");
    double scale = 1;
    for (double g : reference) {
      scale = Math.max(scale, Math.abs(g));
    }
    for (Map.Entry<String, double[]> other : gradients.entrySet()) {
      compare(reference, other.getValue(), EXACT * scale, other.getKey());
    }
    // Finite differences lose about eps·|f|/h to cancellation on top of their O(h²) error.
    double cancellation = 1e-16 * Math.max(1, Math.abs(primal)) / 6e-6;
    compare(reference, finiteDifferences, FINITE_DIFFERENCES * scale + 10 * cancellation,
        "finite differences");
  }

  private void compare(double[] expected, double[] actual, double tolerance, String name) {
    assertEquals(expected.length, actual.length, kernel + ": gradient size of " + name);
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(expected[i] - actual[i]);
      if (!(error <= worst)) {
        worst = error;
        at = i;
      }
    }
    double w = worst;
    int a = at;
    assertTrue(worst <= tolerance, () -> kernel + ": " + name + " differs from flatgrad by " + w
        + " at component " + a + " (" + actual[a] + " vs " + expected[a] + "), tolerance "
        + tolerance);
  }

  static double[] flatten(Object... parts) {
    List<Double> all = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof Double scalar) {
        all.add(scalar);
      } else if (part instanceof double[] vector) {
        for (double v : vector) {
          all.add(v);
        }
      } else if (part instanceof double[][] matrix) {
        for (double[] row : matrix) {
          for (double v : row) {
            all.add(v);
          }
        }
      } else {
        throw new IllegalArgumentException("not a gradient part: " + part);
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
