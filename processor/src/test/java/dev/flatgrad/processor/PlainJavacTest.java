package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.palantir.javapoet.JavaFile;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user project compiled with plain javac, the processor found on {@code -processorpath} by
 * javac's own discovery (META-INF/services, as AutoService writes it) and the runtime on the
 * classpath: {@code javac -cp flatgrad-runtime.jar -processorpath flatgrad-processor.jar ...}.
 * Then the generated gradient runs. Works on JDK 23+, which no longer runs processors found on the
 * classpath: the processor path is what users are told to use.
 */
class PlainJavacTest {

  @Test
  void javacWithProcessorPathGeneratesCodeThatRuns(@TempDir Path dir) throws Exception {
    JavacRun run = new JavacRun(dir)
        .source("demo/Square.java", """
            package demo;

            import dev.flatgrad.Differentiable;

            public class Square {
              @Differentiable
              public static double square(double x) {
                return x * x;
              }
            }
            """)
        .source("demo/Use.java", """
            package demo;

            /** User code calling the generated class, compiled in the same javac run. */
            public class Use {
              public static double slope(double x) {
                return SquareGrad.square(x).x();
              }
            }
            """);

    JavacRun.Result result = run.compileDiscovering("-processorpath", processorPath());

    assertWithMessage("%s", result.diagnostics()).that(result.success()).isTrue();
    assertWithMessage("warnings").that(result.warnings()).isEmpty();
    assertThat(Files.exists(result.generated().resolve("demo/SquareGrad.java"))).isTrue();

    URL[] classpath = {
      run.classes().toUri().toURL(),
      JavacRun.location(dev.flatgrad.Differentiable.class).toUri().toURL()
    };
    // Only the JDK as parent: the user's classes, generated classes and runtime come from disk.
    try (var loader = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
      double slope = (double) loader.loadClass("demo.Use").getMethod("slope", double.class)
          .invoke(null, 3.0);
      assertWithMessage("d/dx x*x at 3").that(slope).isEqualTo(6.0);

      Object record = loader.loadClass("demo.SquareGrad").getMethod("square", double.class)
          .invoke(null, 3.0);
      assertWithMessage("square(3)").that(GeneratedCode.components((Record) record))
          .containsExactly("value", 9.0, "x", 6.0).inOrder();
    }
  }

  /** The processor's classes and JavaPoet, as the build put them on this test's classpath. */
  private static String processorPath() {
    return JavacRun.location(FlatgradProcessor.class) + File.pathSeparator
        + JavacRun.location(JavaFile.class);
  }
}
