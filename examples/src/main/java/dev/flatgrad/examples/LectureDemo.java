package dev.flatgrad.examples;

import java.util.Locale;

/**
 * Prints the value and gradient of each lecture example, computed by the code flatgrad generated
 * from {@link Lecture}, with the lectures' two decimals.
 *
 * <p>Run from the repository root with {@code mvn -B -q -Pdemo verify -DskipTests}.
 */
public final class LectureDemo {

  private static final String GENERATED_SOURCE =
      "examples/target/generated-sources/annotations/dev/flatgrad/examples/LectureGrad.java";

  private LectureDemo() {}

  public static void main(String[] args) {
    var twoPaths = LectureGrad.twoPaths(2, 1);
    println("seed 000: f(a, b) = (a + b)(b + 1) at (2, 1)");
    println("  f = %.2f", twoPaths.value());
    println("  grad: a = %.2f  b = %.2f", twoPaths.a(), twoPaths.b());
    System.out.println();

    var simple = LectureGrad.simple(-2, 5, -4);
    println("seed 001: f(x, y, z) = (x + y)z at (-2, 5, -4)");
    println("  f = %.2f", simple.value());
    println("  grad: x = %.2f  y = %.2f  z = %.2f", simple.x(), simple.y(), simple.z());
    System.out.println();

    var neuron = LectureGrad.neuron(2, -1, -3, -2, -3);
    println("seed 001: sigmoid neuron at w = (2, -3, -3), x = (-1, -2)");
    println("  L = %.2f", neuron.value());
    println(
        "  grad: w0 = %.2f  x0 = %.2f  w1 = %.2f  x1 = %.2f  w2 = %.2f",
        neuron.w0(), neuron.x0(), neuron.w1(), neuron.x1(), neuron.w2());
    System.out.println();

    // The slide's matrices; dL/dy is the upstream gradient.
    double[][] x = {{2, 1, -3}, {-3, 4, 2}};
    double[][] w = {{3, 2, 1, -1}, {2, 1, 3, 2}, {3, 2, 1, -2}};
    double[][] upstream = {{2, 3, -3, 9}, {-8, 1, 4, 6}};
    var matrixMultiply = LectureGrad.matrixMultiply(x, w, upstream);
    println("seed 001: matrix multiply y = x w, backpropagating the slide's dL/dy");
    println("  dL/dx = (dL/dy) w^T = %s", matrix(matrixMultiply.x()));
    println("  dL/dw = x^T (dL/dy) = %s", matrix(matrixMultiply.w()));
    System.out.println();

    double[][] wh = {{1, -1}, {0.5, 2}, {-1.5, 0.5}};
    double[] bh = {0, 0.1, -0.1};
    double[][] wy = {{1, -2, 0.5}, {-1, 1, 1}, {0.5, 0.5, -1}};
    double[] by = {0.1, 0, -0.1};
    var mlp = LectureGrad.tanhMlp(wh, bh, wy, by, new double[] {0.5, -0.25}, 1);
    println("seed 002: tanh MLP, cross-entropy of x = (0.5, -0.25) of class 1");
    println("  loss = %.4f", mlp.value());
    println("  dL/dby = yhat - y = %s", vector(mlp.by()));
    println("  dL/dbh = (1 - h^2) * (Wy^T dL/dby) = %s", vector(mlp.bh()));
    System.out.println();

    var straightLine = LectureGrad.straightLine(2, 1);
    println("seed 004: f(x1, x2) = x1^2 + (x1 - x2)^1 - log(x1^2 + x2^2) at (2, 1)");
    println("  f = %.6f", straightLine.value());
    println("  grad: x1 = %.2f  x2 = %.2f", straightLine.x1(), straightLine.x2());
    System.out.println();

    println("generated code: %s", GENERATED_SOURCE);
  }

  private static String matrix(double[][] rows) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < rows.length; i++) {
      text.append(i == 0 ? "" : ", ").append(vector(rows[i]));
    }
    return text.append("]").toString();
  }

  private static String vector(double[] values) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      double value = values[i];
      // Whole numbers as the slide prints them: 16, not 16.00.
      String format = value == Math.rint(value) ? "%.0f" : "%.2f";
      text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, value));
    }
    return text.append("]").toString();
  }

  // Locale.ROOT: the lectures' decimal point whatever the machine's locale.
  private static void println(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
