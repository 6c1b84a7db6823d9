package dev.flatgrad.handwritten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.GradCheck;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GradCheck#method}: one call finds the gradient class, calls it, and checks it against
 * finite differences of the user's method. The gradients here are written by hand in the shape
 * flatgrad generates (the examples' tests run it on generated ones), so one can be wrong on
 * purpose.
 */
class GradCheckMethodTest {

  private static final double TOLERANCE = 1e-6;

  private final double[] w = {0.5, -1.5, 2.0};
  private final double[][] m = {{0.3, -0.7}, {1.1, 0.2}};

  @Test
  void rightGradientPassesForEveryDifferentiatedParameter() {
    GradCheck.Result result = GradCheck.method(Bowl.class, "f").at(w, 0.8, m, 3);

    assertTrue(result.passes(TOLERANCE), result::toString);
    assertEquals(List.of("w", "b", "m"),
        result.parameters().stream().map(GradCheck.ParameterError::name).toList());
    assertEquals(3 + 1 + 4, result.entries());
  }

  @Test
  void wrongGradientIsCaughtAndTheReportNamesTheParameter() {
    GradCheck.Result result = GradCheck.method(Bowl.class, "wrong").at(w, 0.8, m, 3);

    assertFalse(result.passes(TOLERANCE), result::toString);
    GradCheck.ParameterError error = result.parameter("w");
    // Half the right derivative everywhere: relative error 1/2 at every entry.
    assertEquals(0.5, error.relativeError(), 1e-6, result::toString);
    int i = Integer.parseInt(error.index().replaceAll("[\\[\\]]", ""));
    assertEquals(2 * w[i] * 0.8, error.estimate(), 1e-8);
    assertEquals(w[i] * 0.8, error.generated());
    assertTrue(result.parameter("b").passes(TOLERANCE), result::toString);
    assertTrue(result.parameter("m").passes(TOLERANCE), result::toString);
    assertTrue(result.toString().lines().anyMatch(line -> line.matches(
        "  w\\[" + i + "] +worst relative error 5\\.00e-01 .*")), result::toString);
  }

  @Test
  void randomPointsAreDrawnForTheDifferentiatedEntriesAndRepeatBySeed() {
    double[] wBefore = w.clone();
    GradCheck.Result first = GradCheck.method(Bowl.class, "f").atRandom(7, w, 0.8, m, 3);
    GradCheck.Result again = GradCheck.method(Bowl.class, "f").atRandom(7, w, 0.8, m, 3);
    GradCheck.Result other = GradCheck.method(Bowl.class, "f").atRandom(8, w, 0.8, m, 3);

    assertTrue(first.passes(TOLERANCE), first::toString);
    assertEquals(first, again);
    // Not the given point: its derivative with respect to b differs.
    GradCheck.Result given = GradCheck.method(Bowl.class, "f").at(w, 0.8, m, 3);
    assertTrue(given.parameter("b").generated() != first.parameter("b").generated());
    assertTrue(first.parameter("b").generated() != other.parameter("b").generated());
    assertArrayEquals(wBefore, w);
    assertFalse(GradCheck.method(Bowl.class, "wrong").atRandom(7, w, 0.8, m, 3)
        .passes(TOLERANCE));
  }

  @Test
  void nestedClassInstanceMethodAndRecordParameter() {
    Outer.Inner receiver = new Outer.Inner(1.5);
    Outer.Params params = new Outer.Params(new double[] {0.2, -0.4}, 0.3, 3);
    double[] x = {1.0, 0.5};

    GradCheck.Result result = GradCheck.method(Outer.Inner.class, "loss")
        .at(receiver, params, x);

    assertTrue(result.passes(TOLERANCE), result::toString);
    assertEquals(List.of("p.w", "p.bias", "x"),
        result.parameters().stream().map(GradCheck.ParameterError::name).toList());
    assertTrue(GradCheck.method(Outer.Inner.class, "loss").atRandom(3, receiver, params, x)
        .passes(TOLERANCE));
  }

  @Test
  void aWrtSubsetIsMatchedByTheParameterNamesInTheClassFile() {
    // Maven compiles with -g: the local variable table names onlyB's parameters a and b.
    GradCheck.Result result = GradCheck.method(Bowl.class, "onlyB").at(2.0, 3.0);

    assertTrue(result.passes(TOLERANCE), result::toString);
    assertEquals(List.of("b"),
        result.parameters().stream().map(GradCheck.ParameterError::name).toList());
    assertEquals(2 * 2.0 * 3.0, result.parameter("b").estimate(), 1e-8);
  }

  @Test
  void withoutParameterNamesAWrtSubsetIsAnErrorThatSaysWhatToDo(@TempDir Path dir)
      throws Exception {
    // The same shapes as Bowl.onlyB, compiled here with -g:none: no names anywhere.
    Class<?> plain = compileWithoutNames(dir, "q.Plain", """
        package q;
        public class Plain {
          static double onlyB(double a, double b) {
            return a * b * b;
          }
          static double both(double a, double b) {
            return a * b * b;
          }
        }
        """, "q.PlainGrad", """
        package q;
        public final class PlainGrad {
          public record OnlyB(double value, double b) {}
          public record Both(double value, double a, double b) {}
          public static OnlyB onlyB(double a, double b) {
            return new OnlyB(a * b * b, 2 * a * b);
          }
          public static Both both(double a, double b) {
            return new Both(a * b * b, b * b, 2 * a * b);
          }
        }
        """);

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.method(plain, "onlyB").at(2.0, 3.0));
    assertTrue(error.getMessage().contains("compile it with -g or -parameters"),
        error::getMessage);
    // Every differentiable parameter differentiated: matched by position, names or not.
    assertTrue(GradCheck.method(plain, "both").at(2.0, 3.0).passes(TOLERANCE));
  }

  private static Class<?> compileWithoutNames(Path dir, String userName, String user,
      String gradName, String grad) throws Exception {
    Path sources = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    List<String> arguments = new ArrayList<>(List.of("-g:none", "-d", classes.toString()));
    for (String[] file : List.of(new String[] {userName, user}, new String[] {gradName, grad})) {
      Path path = sources.resolve(file[0].replace('.', '/') + ".java");
      Files.createDirectories(path.getParent());
      Files.writeString(path, file[1]);
      arguments.add(path.toString());
    }
    int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        arguments.toArray(String[]::new));
    assertEquals(0, status, "javac");
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        GradCheckMethodTest.class.getClassLoader());
    return loader.loadClass(userName);
  }

  @Test
  void aClassWithoutGeneratedGradientOrAWrongCallIsAnError() {
    IllegalArgumentException noGrad = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.method(GradCheckMethodTest.class, "x").at());
    assertTrue(noGrad.getMessage().contains(
        "no class dev.flatgrad.handwritten.GradCheckMethodTestGrad"), noGrad::getMessage);

    IllegalArgumentException wrongArguments = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.method(Bowl.class, "f").at(w, 0.8, m));
    assertTrue(wrongArguments.getMessage().startsWith("no method f of "
        + Bowl.class.getName()), wrongArguments::getMessage);
  }
}
