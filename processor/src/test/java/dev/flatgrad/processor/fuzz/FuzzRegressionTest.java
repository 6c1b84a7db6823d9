package dev.flatgrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.processor.fuzz.Regressions.Regression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every program the fuzzers reduced from a failure, kept forever in
 * {@code src/test/resources/fuzz-regressions}: each must now compile, and its gradients must
 * match finite differences at the points it failed at ({@code expect: gradients}), or its
 * compilation must end cleanly, in success or positioned errors ({@code expect: diagnostics}). A
 * file whose header has an {@code // open:} line is a bug not fixed yet; it is skipped with that
 * reason.
 */
class FuzzRegressionTest {

  static Path directory() {
    try {
      return Path.of(FuzzRegressionTest.class.getResource("/fuzz-regressions").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> regressions() throws IOException {
    try (Stream<Path> files = Files.list(directory())) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".java"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Regression read(String name) {
    try {
      return Regressions.parse(name, Files.readString(directory().resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks {@code name}, whether or not it is marked open. */
  static void check(String name) {
    List<String> problems = RegressionCheck.problems(read(name));
    assertTrue(problems.isEmpty(), () -> name + ":\n" + String.join("\n", problems));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("regressions")
  void stillFixed(String name) {
    Regression regression = read(name);
    Assumptions.assumeTrue(regression.open() == null,
        () -> "open bug: " + regression.open());
    check(name);
  }
}
