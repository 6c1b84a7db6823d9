package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Aflatgrad.graph=true}: each method's computation graph as Graphviz DOT. */
class GraphOptionTest {

  private static final String LECTURE = """
      package test;

      import dev.flatgrad.Activations;
      import dev.flatgrad.Differentiable;

      class Lecture {
        @Differentiable
        static double neuron(double w0, double x0, double w1, double x1, double w2) {
          double s0 = w0 * x0;
          double s1 = w1 * x1;
          double s2 = s0 + s1;
          double s3 = s2 + w2;
          double L = Activations.sigmoid(s3);
          return L;
        }
      }
      """;

  private static final String LOOPS = """
      package test;

      import dev.flatgrad.Differentiable;

      class Loops {
        @Differentiable(wrt = "w")
        static double dot(double[] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
          }
          return s;
        }

        @Differentiable
        static double clipped(double x) {
          double y;
          if (x > 1) {
            y = 1;
          } else {
            y = x * x;
          }
          return y;
        }

        @Differentiable
        static double clipped(double x, double limit) {
          return Math.min(x, limit);
        }
      }
      """;

  private static final Pattern EDGE = Pattern.compile("^\\s*\"([^\"]+)\" -> \"([^\"]+)\"");

  @Test
  void neuronGraphHasTheLecturesNodesAndEdges() {
    Compilation compilation = compileWithGraphs("test.Lecture", LECTURE);
    assertThat(compilation).succeededWithoutWarnings();
    String dot = dotFile(compilation, "test", "Lecture_neuron.dot");

    assertThat(dot).contains("digraph \"test.Lecture.neuron\" {");
    for (String input : List.of("w0", "x0", "w1", "x1", "w2")) {
      assertThat(dot).contains("\"" + input + "\" [label=\"" + input + "\", shape=ellipse");
    }
    assertThat(dot).contains("\"s0\" [label=\"s0 = w0 * x0\", shape=box");
    assertThat(dot).contains("\"s1\" [label=\"s1 = w1 * x1\", shape=box");
    assertThat(dot).contains("\"s2\" [label=\"s2 = s0 + s1\", shape=box");
    assertThat(dot).contains("\"s3\" [label=\"s3 = s2 + w2\", shape=box");
    assertThat(dot).contains("\"L\" [label=\"L = Activations.sigmoid(s3)\", shape=box");
    assertThat(dot).contains("\"return\" [label=\"return L\", shape=doubleoctagon");
    assertThat(edges(dot)).containsExactly(
        "w0 -> s0", "x0 -> s0", "w1 -> s1", "x1 -> s1", "s0 -> s2", "s1 -> s2",
        "s2 -> s3", "w2 -> s3", "s3 -> L", "L -> return");
    assertThat(dot).doesNotContain("subgraph");
  }

  @Test
  void loopIsAClusterWithItsLoopCarriedEdge() {
    Compilation compilation = compileWithGraphs("test.Loops", LOOPS);
    assertThat(compilation).succeededWithoutWarnings();
    String dot = dotFile(compilation, "test", "Loops_dot.dot");

    assertThat(dot).contains("subgraph cluster_0 {");
    assertThat(dot).contains("label=\"for\";");
    assertThat(dot).contains("[label=\"i < w.length\", shape=diamond");
    assertThat(dot).contains("\"s#2\" [label=\"s = s + t0\"");
    // x is data: drawn dashed.
    assertThat(dot).contains("\"x\" [label=\"x\", shape=ellipse, style=dashed");
    assertThat(edges(dot)).containsAtLeast(
        "w -> t0", "x -> t0", "t0 -> s#2", "s -> s#2", "s#2 -> s#2", "s -> return",
        "s#2 -> return");
  }

  @Test
  void branchesAreClustersAndBothDefinitionsReachTheReturn() {
    Compilation compilation = compileWithGraphs("test.Loops", LOOPS);
    String dot = dotFile(compilation, "test", "Loops_clipped.dot");

    assertThat(dot).contains("label=\"if\";");
    assertThat(dot).contains("label=\"else\";");
    assertThat(dot).contains("[label=\"x > 1\", shape=diamond");
    Set<String> edges = edges(dot);
    assertThat(edges).contains("x -> if");
    long intoReturn = edges.stream().filter(edge -> edge.endsWith("-> return")).count();
    assertWithMessage("both branches' y reach the return: %s", edges).that(intoReturn)
        .isEqualTo(2);
  }

  @Test
  void overloadsGetDistinctFiles() {
    Compilation compilation = compileWithGraphs("test.Loops", LOOPS);
    assertThat(dotFile(compilation, "test", "Loops_clipped_2.dot"))
        .contains("label=\"value = Math.min(x, limit)\"");
  }

  @Test
  void withoutTheOptionNoGraphIsWritten() {
    Compilation compilation = GeneratedCode.compileOnly("test.Lecture", LECTURE);
    assertThat(compilation).succeeded();
    assertThat(compilation.generatedFiles().stream()
        .map(file -> file.toUri().getPath())
        .filter(path -> path.endsWith(".dot"))
        .toList()).isEmpty();
  }

  /** Graphviz itself accepts every graph, where it is installed. */
  @Test
  void graphvizRendersEveryGraph(@TempDir Path directory) throws Exception {
    assumeTrue(onPath("dot"), "Graphviz is not installed");
    Compilation lecture = compileWithGraphs("test.Lecture", LECTURE);
    Compilation loops = compileWithGraphs("test.Loops", LOOPS);
    List<String> graphs = List.of(
        dotFile(lecture, "test", "Lecture_neuron.dot"),
        dotFile(loops, "test", "Loops_dot.dot"),
        dotFile(loops, "test", "Loops_clipped.dot"),
        dotFile(loops, "test", "Loops_clipped_2.dot"));
    for (String graph : graphs) {
      Path file = Files.writeString(directory.resolve("graph.dot"), graph);
      Process dot = new ProcessBuilder("dot", "-Tsvg", file.toString(), "-o",
          directory.resolve("graph.svg").toString()).redirectErrorStream(true).start();
      String output = new String(dot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertWithMessage("dot says: %s\nfor:\n%s", output, graph).that(dot.waitFor()).isEqualTo(0);
    }
  }

  private static Compilation compileWithGraphs(String qualifiedName, String source) {
    return Compiler.javac()
        .withProcessors(new FlatgradProcessor())
        .withOptions("--release", "17", "-Aflatgrad.graph=true")
        .compile(JavaFileObjects.forSourceString(qualifiedName, source));
  }

  private static String dotFile(Compilation compilation, String packageName, String name) {
    JavaFileObject file = compilation
        .generatedFile(StandardLocation.SOURCE_OUTPUT, packageName, name)
        .orElseThrow(() -> new AssertionError("no " + name + " among "
            + compilation.generatedFiles()));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Each edge as {@code "from -> to"}, without quotes or attributes. */
  private static Set<String> edges(String dot) {
    return dot.lines()
        .map(EDGE::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1) + " -> " + m.group(2))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
  }
}
