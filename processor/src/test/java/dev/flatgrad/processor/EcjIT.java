package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse's compiler (ECJ, from Maven Central), which Eclipse and VS Code Java compile with, and
 * the processor jar as published. ECJ's annotation processing has no javac Tree API, so flatgrad
 * cannot read method bodies there: it must say so on each annotated method, with file and line.
 * What works is the recipe the README gives: javac (Maven, Gradle) generates the gradient
 * classes, and ECJ compiles code that uses them. Run by failsafe, after {@code package}.
 */
class EcjIT {

  private static final Path JAR = Path.of(property("flatgrad.processor.jar"));
  private static final Path RUNTIME = JavacRun.location(dev.flatgrad.Differentiable.class);

  private static final String SQUARE = """
      package demo;

      import dev.flatgrad.Differentiable;

      public class Square {
        @Differentiable
        static double square(double x) {
          return x * x;
        }

        @Differentiable
        static double cube(double x) {
          return x * x * x;
        }
      }
      """;

  /** A user's model: the logistic loss of one example with label 1. */
  private static final String LOGISTIC = """
      package model;

      import dev.flatgrad.Differentiable;

      public class Logistic {
        @Differentiable(wrt = {"w", "b"})
        public static double loss(double[] w, double b, double[] x) {
          double z = b;
          for (int i = 0; i < w.length; i++) {
            z += w[i] * x[i];
          }
          return Math.log1p(Math.exp(-z));
        }
      }
      """;

  /** The user's other code, calling the generated class. */
  private static final String APP = """
      package app;

      import model.LogisticGrad;

      public class App {
        public static double[] gradient(double[] w, double b, double[] x) {
          LogisticGrad.Loss g = LogisticGrad.loss(w, b, x);
          return new double[] {g.value(), g.w()[0], g.w()[1], g.b()};
        }
      }
      """;

  @Test
  void underEcjEachAnnotatedMethodGetsOneErrorWithItsFileAndLine(@TempDir Path dir)
      throws IOException {
    Path source = write(dir.resolve("src"), "demo/Square.java", SQUARE);

    Ecj result = ecj(dir, List.of(source), RUNTIME.toString(), "-processorpath", JAR.toString());

    assertWithMessage("%s", result.diagnostics).that(result.success).isFalse();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> error : result.errors()) {
      assertThat(error.getSource().getName()).endsWith("Square.java");
      assertThat(error.getMessage(Locale.ROOT)).startsWith("flatgrad needs javac: it reads"
          + " method bodies through the Compiler Tree API");
      assertThat(error.getMessage(Locale.ROOT)).contains(
          "(processing environment: org.eclipse.jdt.");
      errors.add("line " + error.getLineNumber());
    }
    // The lines of the two method declarations, one error each and nothing else.
    assertThat(errors).containsExactly("line 7", "line 12");
    assertThat(Files.exists(dir.resolve("generated/demo/SquareGrad.java"))).isFalse();
  }

  @Test
  void javacGeneratesTheGradientClassesAndEcjCompilesCodeThatUsesThem(@TempDir Path dir)
      throws Exception {
    // 1. The build (Maven, Gradle) runs javac with the processor: the model and its LogisticGrad.
    JavacRun javac = new JavacRun(dir.resolve("javac")).source("model/Logistic.java", LOGISTIC);
    JavacRun.Result built = javac.compileDiscovering("-processorpath", JAR.toString());
    assertWithMessage("%s", built.diagnostics()).that(built.success()).isTrue();
    Path generated = built.generated().resolve("model/LogisticGrad.java");
    assertThat(Files.exists(generated)).isTrue();

    // 2a. ECJ compiles the other code against javac's classes, flatgrad still on its processor
    //     path: code that only uses generated classes gets no error from it.
    Path app = write(dir.resolve("app-src"), "app/App.java", APP);
    Ecj appOnly = ecj(dir.resolve("ecj-app"), List.of(app),
        javac.classes() + File.pathSeparator + RUNTIME, "-processorpath", JAR.toString());
    assertWithMessage("%s", appOnly.diagnostics).that(appOnly.success).isTrue();
    assertThat(appOnly.errors()).isEmpty();
    assertGradientRuns(appOnly.classes, javac.classes());

    // 2b. The IDE's own build of the whole project: the user's sources, javac's generated
    //     sources as a source folder, annotation processing off in the IDE.
    Path model = write(dir.resolve("model-src"), "model/Logistic.java", LOGISTIC);
    Ecj whole = ecj(dir.resolve("ecj-whole"), List.of(model, generated, app),
        RUNTIME.toString(), "-proc:none");
    assertWithMessage("%s", whole.diagnostics).that(whole.success).isTrue();
    assertThat(whole.errors()).isEmpty();
    assertGradientRuns(whole.classes);
  }

  /** Loads the ECJ-compiled App and checks its gradient against the closed form. */
  private static void assertGradientRuns(Path... classDirectories) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (Path directory : classDirectories) {
      urls.add(directory.toUri().toURL());
    }
    urls.add(RUNTIME.toUri().toURL());
    double[] w = {0.5, -1.25};
    double b = 0.3;
    double[] x = {1.5, 0.75};
    try (var loader = new URLClassLoader(urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      double[] got = (double[]) loader.loadClass("app.App")
          .getMethod("gradient", double[].class, double.class, double[].class)
          .invoke(null, w, b, x);
      // L = log(1 + e^-z), z = w . x + b: dL/dz = -1 / (1 + e^z).
      double z = w[0] * x[0] + w[1] * x[1] + b;
      double dz = -1 / (1 + Math.exp(z));
      assertThat(got[0]).isWithin(1e-15).of(Math.log1p(Math.exp(-z)));
      assertThat(got[1]).isWithin(1e-15).of(dz * x[0]);
      assertThat(got[2]).isWithin(1e-15).of(dz * x[1]);
      assertThat(got[3]).isWithin(1e-15).of(dz);
    }
  }

  private record Ecj(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics,
      Path classes) {

    List<Diagnostic<? extends JavaFileObject>> errors() {
      return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }
  }

  /** ECJ through its javax.tools interface, as a build tool or IDE drives it. */
  private static Ecj ecj(Path root, List<Path> sources, String classpath,
      String... extraOptions) throws IOException {
    JavaCompiler compiler = new EclipseCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = root.resolve("classes");
    Path generated = root.resolve("generated");
    Files.createDirectories(classes);
    Files.createDirectories(generated);
    List<String> options = new ArrayList<>(List.of(
        "--release", "17", "-d", classes.toString(), "-s", generated.toString(),
        "-cp", classpath));
    options.addAll(List.of(extraOptions));
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean success = compiler.getTask(null, files, diagnostics, options, null,
          files.getJavaFileObjectsFromPaths(sources)).call();
      return new Ecj(success, diagnostics.getDiagnostics(), classes);
    }
  }

  private static Path write(Path root, String relativePath, String content) {
    Path file = root.resolve(relativePath);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set: run with failsafe (mvn verify)");
    }
    return value;
  }
}
