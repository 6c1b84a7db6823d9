package dev.flatgrad.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac run the way a build tool runs it, on files in a directory: sources under {@code src},
 * generated sources into {@code generated}, classes into {@code classes}. Unlike compile-testing it
 * keeps the generated sources of a failed compilation, and it can find the processor on the
 * processor path instead of being handed an instance.
 */
final class JavacRun {

  private final Path root;
  private final List<Path> sources = new ArrayList<>();

  JavacRun(Path root) {
    this.root = root;
  }

  /** Writes {@code content} to {@code src/<relativePath>}. */
  JavacRun source(String relativePath, String content) {
    Path file = root.resolve("src").resolve(relativePath);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sources.add(file);
    return this;
  }

  Path generated() {
    return root.resolve("generated");
  }

  Path classes() {
    return root.resolve("classes");
  }

  /** Compiles with {@code processor} handed to javac directly. */
  Result compileWith(Processor processor, String... options) {
    return compile(List.of(processor), List.of(options), sources);
  }

  /** Compiles with javac's own processor discovery, from the given options' processor path. */
  Result compileDiscovering(String... options) {
    return compile(null, List.of(options), sources);
  }

  /** Compiles the sources in reverse order, to show output does not depend on it. */
  Result compileReversedWith(Processor processor, String... options) {
    List<Path> reversed = new ArrayList<>(sources);
    Collections.reverse(reversed);
    return compile(List.of(processor), List.of(options), reversed);
  }

  private Result compile(List<Processor> processors, List<String> extraOptions, List<Path> files) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      Files.createDirectories(generated());
      Files.createDirectories(classes());
      List<String> options = new ArrayList<>(List.of(
          "--release", "17",
          "-d", classes().toString(),
          "-s", generated().toString(),
          "-classpath", location(dev.flatgrad.Differentiable.class).toString()));
      options.addAll(extraOptions);
      JavaCompiler.CompilationTask task = javac.getTask(null, fileManager, diagnostics, options,
          null, fileManager.getJavaFileObjectsFromPaths(files));
      if (processors != null) {
        task.setProcessors(processors);
      }
      boolean success = task.call();
      return new Result(success, diagnostics.getDiagnostics(), generated());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory or jar a class was loaded from: how a test finds the build's outputs. */
  static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  record Result(
      boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path generated) {

    List<Diagnostic<? extends JavaFileObject>> errors() {
      return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }

    List<Diagnostic<? extends JavaFileObject>> warnings() {
      return diagnostics.stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.WARNING
              || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
          .toList();
    }

    /** The generated file at {@code relativePath}, as text. */
    String generatedSource(String relativePath) {
      try {
        return Files.readString(generated.resolve(relativePath), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new AssertionError("no generated file " + relativePath + "; diagnostics: "
            + diagnostics, e);
      }
    }

    /** Every generated file's bytes, by path relative to the generated-sources directory. */
    Map<String, byte[]> generatedFiles() {
      Map<String, byte[]> files = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(generated)) {
        for (Path file : walk.filter(Files::isRegularFile).toList()) {
          files.put(generated.relativize(file).toString(), Files.readAllBytes(file));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return files;
    }
  }
}
