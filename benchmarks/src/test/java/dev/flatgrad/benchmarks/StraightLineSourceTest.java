package dev.flatgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.benchmarks.generator.StraightLineGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed straight-line kernel is exactly what the generator writes: regenerate with
 * {@code java -cp benchmarks/target/classes
 * dev.flatgrad.benchmarks.generator.StraightLineGenerator} from the repository root.
 */
class StraightLineSourceTest {

  private static final Path DIR = Path.of("src/main/java/dev/flatgrad/benchmarks");

  @Test
  void kernelIsUpToDate() throws IOException {
    assertEquals(StraightLineGenerator.kernelSource(), read("StraightLine.java"));
    assertEquals(StraightLineGenerator.kernelAlternativesSource(),
        read("StraightLineAlternatives.java"));
  }

  @Test
  void kernelHas450Statements() {
    assertEquals(450, StraightLineGenerator.kernel().size());
  }

  private static String read(String file) throws IOException {
    return Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
  }
}
