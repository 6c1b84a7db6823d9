package dev.flatgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.benchmarks.generator.StraightLineGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bytecode sizes of the generated gradient methods, read from the class files javac wrote, against
 * HotSpot's JIT limit of 8000 bytes: a larger method is never compiled and runs interpreted,
 * which is slower by one to two orders of magnitude. The sizes are also written to {@code
 * target/method-sizes.md}.
 */
class MethodSizeTest {

  private static final Path CLASSES = Path.of("target/classes/dev/flatgrad/benchmarks");
  private static final int LIMIT = MethodSizes.HUGE_METHOD_LIMIT;

  private static InProcessJavac.Result line4000;

  @Test
  void generatedGradientsOfTheLoopKernelsFit() throws IOException {
    for (String grad : List.of("NeuronGrad", "MlpGrad", "LlsqGrad", "LseGrad", "GmmGrad",
        "RnnGrad", "OdeGrad", "LstmGrad")) {
      assertAllFit(grad);
    }
  }

  /** The primal and the baselines must JIT-compile, or the ratios measured against them lie. */
  @Test
  void primalAndBaselinesOfTheStraightLineKernelFit() throws IOException {
    int primal = MethodSizes.method(sizes("StraightLine"), "straightLine");
    assertTrue(primal < LIMIT, "the 450-statement primal has " + primal + " bytes");
    assertAllFit("StraightLineAlternatives");
  }

  @Test
  void generatedGradientOf450StatementsFits() throws IOException {
    assertAllFit("StraightLineGrad");
  }

  @Test
  void generatedGradientOf4000StatementsCompilesAndFits() throws IOException {
    InProcessJavac.Result result = line4000();
    assertTrue(result.success(), () -> "javac: " + result.errors());
    for (Map.Entry<String, Integer> method :
        MethodSizes.of(result.classes().get("p.Line4000Grad")).entrySet()) {
      assertTrue(method.getValue() < LIMIT, method.getKey() + " has " + method.getValue());
    }
  }

  /** Writes every size to target/method-sizes.md; asserts nothing. */
  @Test
  void report() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("| class | method | bytecode bytes | JIT-compiled (< 8000) |");
    lines.add("|---|---|---:|---|");
    for (String name : List.of("NeuronGrad", "MlpGrad", "LlsqGrad", "LseGrad", "GmmGrad",
        "RnnGrad", "StraightLineGrad", "StraightLine", "StraightLineAlternatives")) {
      sizes(name).forEach((method, size) -> {
        if (!method.startsWith("<init>")) {
          lines.add(row(name, method, size));
        }
      });
    }
    InProcessJavac.Result big = line4000();
    if (big.classes().containsKey("p.Line4000")) {
      MethodSizes.of(big.classes().get("p.Line4000"))
          .forEach((method, size) -> lines.add(row("Line4000 (primal)", method, size)));
    }
    if (big.success()) {
      MethodSizes.of(big.classes().get("p.Line4000Grad"))
          .forEach((method, size) -> lines.add(row("Line4000Grad", method, size)));
    } else {
      lines.add("");
      lines.add("4000 statements: javac failed on flatgrad's output: " + big.errors());
    }
    Files.write(Path.of("target/method-sizes.md"), lines);
    lines.forEach(System.out::println);
  }

  /**
   * The 4,000-statement program, compiled once for both tests that read it: compiling it takes
   * most of this module's test time.
   */
  private static synchronized InProcessJavac.Result line4000() {
    if (line4000 == null) {
      line4000 = compileStraightLine(4000);
    }
    return line4000;
  }

  static InProcessJavac.Result compileStraightLine(int statements) {
    String source = StraightLineGenerator.userSource(
        StraightLineGenerator.generate(statements, statements, 8), "p", "Line" + statements, "f",
        "/** " + statements + " random statements. */\n");
    return InProcessJavac.compile("p.Line" + statements, source, true);
  }

  private static String row(String type, String method, int size) {
    return "| " + type + " | `" + method.substring(0, method.indexOf('(')) + "` | " + size
        + " | " + (size < LIMIT ? "yes" : "**no**") + " |";
  }

  private static void assertAllFit(String type) throws IOException {
    for (Map.Entry<String, Integer> method : sizes(type).entrySet()) {
      assertTrue(method.getValue() < LIMIT, () -> type + "." + method.getKey() + " has "
          + method.getValue() + " bytes of bytecode; HotSpot compiles methods under " + LIMIT);
    }
  }

  private static Map<String, Integer> sizes(String type) {
    try {
      return MethodSizes.of(CLASSES.resolve(type + ".class"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
