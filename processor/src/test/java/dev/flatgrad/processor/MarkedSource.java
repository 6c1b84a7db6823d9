package dev.flatgrad.processor;

import com.google.common.truth.Truth;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * The class {@code test.Bad} built from class members in which the lines an error is expected on
 * end with the marker {@code //!}, so a test states the line where the reader sees it.
 */
final class MarkedSource {

  static final String MARKER = "//!";
  static final String QUALIFIED_NAME = "test.Bad";

  private static final String TEMPLATE =
      """
      package test;

      import dev.flatgrad.Activations;
      import dev.flatgrad.Differentiable;
      import java.util.function.DoubleUnaryOperator;

      class Bad {
      %s
      }
      """;

  private final String text;
  private final JavaFileObject file;
  private final List<Integer> markedLines;

  private MarkedSource(String source) {
    this.text = source;
    this.file = JavaFileObjects.forSourceString(QUALIFIED_NAME, source);
    this.markedLines = new ArrayList<>();
    List<String> lines = source.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(MARKER)) {
        markedLines.add(i + 1);
      }
    }
  }

  static MarkedSource ofMembers(String members) {
    return new MarkedSource(TEMPLATE.formatted(members.indent(2).stripTrailing()));
  }

  /** The whole compilation unit. */
  String text() {
    return text;
  }

  JavaFileObject file() {
    return file;
  }

  /** The one marked line; fails if there is not exactly one. */
  int line() {
    if (markedLines.size() != 1) {
      throw new IllegalStateException("expected one " + MARKER + " line, found " + markedLines);
    }
    return markedLines.get(0);
  }

  /** Every marked line, top to bottom. */
  List<Integer> lines() {
    return List.copyOf(markedLines);
  }

  /** Compiles with flatgrad as the tests' other compilations do. */
  Compilation compile() {
    return compile(new FlatgradProcessor());
  }

  Compilation compile(javax.annotation.processing.Processor processor) {
    return Compiler.javac()
        .withProcessors(processor)
        .withOptions("--release", "17")
        .compile(file);
  }

  /**
   * Compiles the members {@code members} and asserts one error, containing {@code message}, on
   * the marked line; {@code what} names the case in the failure message.
   */
  static void assertOnlyError(String what, String members, String message) {
    MarkedSource source = ofMembers(members);
    Compilation compilation = source.compile();
    CompilationSubject.assertThat(compilation).hadErrorContaining(message)
        .inFile(source.file()).onLine(source.line());
    Truth.assertWithMessage("errors for %s: %s", what, compilation.errors())
        .that(compilation.errors()).hasSize(1);
  }
}
