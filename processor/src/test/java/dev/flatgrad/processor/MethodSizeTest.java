package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every generated method stays under HotSpot's JIT limit (8,000 bytes of bytecode; javac's own
 * limit is 64 KB), however long the user's method, and the long ones are still right.
 */
class MethodSizeTest {

  private static final int JIT_LIMIT = 8_000;

  @ParameterizedTest(name = "{0} statements")
  @ValueSource(ints = {450, 4_000})
  void longStraightLineFunctions(int statements) throws Exception {
    String source = straightLine(statements, new Random(statements));
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("Long", source);
    assertJitSized(check, "LongGrad");
    check.check("f", 0.3, -0.7, 1.1, 0.5);
  }

  private static void assertJitSized(ArrayGradientCheck check, String gradClass)
      throws java.io.IOException {
    for (JavaFileObject file : check.code().compilation().generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS || !file.getName().contains(gradClass)) {
        continue;
      }
      byte[] bytes = file.openInputStream().readAllBytes();
      for (Map.Entry<String, Integer> method : BytecodeSizes.of(bytes).entrySet()) {
        assertWithMessage("bytecode of %s in %s", method.getKey(), file.getName())
            .that(method.getValue()).isLessThan(JIT_LIMIT);
      }
    }
  }

  /**
   * A loop whose body alone is too long for one method once differentiated: its body runs from
   * parts of the frame class. The loop carries its state, so the reverse pass needs the tape.
   */
  @org.junit.jupiter.api.Test
  void aLoopWithALongBody() throws Exception {
    List<String> values = new ArrayList<>(List.of("a", "b", "c", "w[i]"));
    String chain = chain(1_200, new Random(7), values, "      ");
    String source = """
          @Differentiable
          static double g(double a, double b, double c, double[] w) {
            for (int i = 0; i < w.length; i++) {
        %s      a = Math.tanh(%s + a);
            }
            return a * b;
          }
        """.formatted(chain, values.get(values.size() - 1));
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("LongLoop", source);
    String generated = check.code().compilation().generatedSourceFile("p.LongLoopGrad")
        .orElseThrow().getCharContent(true).toString();
    assertWithMessage("the loop runs its body from parts").that(generated).contains("body0();");
    assertJitSized(check, "LongLoopGrad");
    double[] w = {0.4, -0.9, 0.2};
    check.check("g", 0.3, -0.7, 1.1, w);
    SecondOrderTest.checkHessianVector(check.code(), "p.LongLoop", "g", 0.3, -0.7, 1.1, w);
  }

  /**
   * A random chain of {@code n} statements over four inputs, each one or two bounded operations
   * on earlier values, so values stay finite however long the chain.
   */
  static String straightLine(int n, Random random) {
    List<String> values = new ArrayList<>(List.of("a", "b", "c", "d"));
    String body = chain(n, random, values, "    ");
    return """
          @Differentiable
          static double f(double a, double b, double c, double d) {
        %s    return %s;
          }
        """.formatted(body, values.get(values.size() - 1));
  }

  /** {@code n} statements, each declaring a value from earlier ones, added to {@code values}. */
  private static String chain(int n, Random random, List<String> values, String indent) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String x = values.get(values.size() - 1 - random.nextInt(Math.min(values.size(), 8)));
      String y = values.get(random.nextInt(values.size()));
      // Small statements: the user's own method must fit javac's 64 KB at 4,000 of them.
      String expression = switch (random.nextInt(4)) {
        case 0 -> "Math.tanh(" + x + " + " + y + ")";
        case 1 -> x + " * " + y;
        case 2 -> "Math.sin(" + x + ")";
        default -> "Activations.sigmoid(" + x + ")";
      };
      String name = "v" + i;
      body.append(indent).append("double ").append(name).append(" = ").append(expression)
          .append(";\n");
      values.add(name);
    }
    return body.toString();
  }
}
