package dev.flatgrad.benchmarks.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Writes random straight-line functions, deterministically: the same seed and size always give the
 * same source, on any JDK (the generator carries its own SplitMix64).
 *
 * <p>A program has {@code inputs} parameters {@code x0, x1, ...} and {@code size} statements
 * {@code double vK = op(...)}, one operation each: {@code + - *}, scaling by a literal, {@code sin
 * cos tanh exp} and the sigmoid. Operands come from recent variables, and a variable nobody has
 * used yet is preferred, so (almost) every statement reaches the result; the ones never used are
 * summed in the return. Each variable carries a bound on its magnitude and an operation is only
 * chosen if its result stays within {@link #LIMIT}, so no input in [-1, 1] overflows or produces
 * NaN, however long the program.
 *
 * <p>It writes four things from one program: the user's {@code @Differentiable} method, and for
 * the benchmarks the same function's gradient written as flat code by hand would be (see {@link
 * #alternatives}), recorded on the runtime tape, and in Hipparchus forward mode.
 */
public final class StraightLineGenerator {

  /** The largest magnitude any variable may reach for inputs in [-1, 1]. */
  static final double LIMIT = 4;
  /** How many earlier variables an operand is usually drawn from. */
  static final int WINDOW = 24;
  /** Statements per method in the split hand-written gradient: each stays far below 8000 bytes. */
  static final int CHUNK = 64;

  enum Op {
    ADD(2, 3), SUB(2, 2), MUL(2, 3), SCALE(1, 1), SIN(1, 1), COS(1, 1), TANH(1, 2), SIGMOID(1, 1),
    EXP(1, 1);

    final int arity;
    final int weight;

    Op(int arity, int weight) {
      this.arity = arity;
      this.weight = weight;
    }
  }

  /** {@code v[target] = op(a, b)}; {@code b} is -1 for unary operations. */
  record Statement(int target, Op op, int a, int b, double constant) {}

  /** A generated function: variables 0 … inputs−1 are the parameters. */
  public record Program(int inputs, List<Statement> statements, List<Integer> returned) {
    public int size() {
      return statements.size();
    }

    String name(int variable) {
      return variable < inputs ? "x" + variable : "v" + (variable - inputs);
    }
  }

  private static final double[] SCALES = {0.5, 0.25, 0.75, 1.5, -0.5, 2.0};

  private long state;

  private StraightLineGenerator(long seed) {
    this.state = seed;
  }

  /** The program for {@code seed} with {@code size} statements over {@code inputs} parameters. */
  public static Program generate(long seed, int size, int inputs) {
    return new StraightLineGenerator(seed).program(size, inputs);
  }

  private Program program(int size, int inputs) {
    List<Double> bounds = new ArrayList<>();
    Deque<Integer> unused = new ArrayDeque<>();
    for (int i = 0; i < inputs; i++) {
      bounds.add(1.0);
      unused.add(i);
    }
    int totalWeight = 0;
    for (Op op : Op.values()) {
      totalWeight += op.weight;
    }
    List<Statement> statements = new ArrayList<>();
    for (int k = 0; k < size; k++) {
      int target = inputs + k;
      Statement chosen = null;
      for (int attempt = 0; attempt < 20 && chosen == null; attempt++) {
        Op op = pick(totalWeight);
        int a = unused.isEmpty() || nextDouble() < 0.3 ? recent(target) : unused.peekFirst();
        int b = op.arity == 2 ? recent(target) : -1;
        double constant = op == Op.SCALE ? SCALES[nextInt(SCALES.length)] : 0;
        double bound = bound(op, bounds.get(a), b < 0 ? 0 : bounds.get(b), constant);
        if (bound <= LIMIT && (b < 0 || b != a)) {
          chosen = new Statement(target, op, a, b, constant);
          bounds.add(bound);
        }
      }
      if (chosen == null) {
        int a = unused.isEmpty() ? recent(target) : unused.peekFirst();
        chosen = new Statement(target, Op.TANH, a, -1, 0);
        bounds.add(1.0);
      }
      unused.remove(chosen.a());
      if (chosen.b() >= 0) {
        unused.remove(chosen.b());
      }
      unused.addLast(target);
      statements.add(chosen);
    }
    List<Integer> returned = new ArrayList<>(unused);
    returned.sort(null);
    return new Program(inputs, statements, returned);
  }

  private static double bound(Op op, double a, double b, double constant) {
    return switch (op) {
      case ADD, SUB -> a + b;
      case MUL -> a * b;
      case SCALE -> Math.abs(constant) * a;
      case SIN, COS, TANH, SIGMOID -> 1;
      case EXP -> Math.exp(a);
    };
  }

  private Op pick(int totalWeight) {
    int r = nextInt(totalWeight);
    for (Op op : Op.values()) {
      r -= op.weight;
      if (r < 0) {
        return op;
      }
    }
    throw new AssertionError();
  }

  /** A variable defined before {@code target}: usually a recent one, sometimes any. */
  private int recent(int target) {
    if (nextDouble() < 0.1) {
      return nextInt(target);
    }
    return Math.max(0, target - 1 - nextInt(Math.min(WINDOW, target)));
  }

  private long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private int nextInt(int bound) {
    return (int) Math.floorMod(nextLong(), (long) bound);
  }

  private double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  // ---------------------------------------------------------------------------------------------
  // Sources

  /** {@code op(a, b)} in Java over variable names produced by {@code name}. */
  private static String expression(Statement s, java.util.function.IntFunction<String> name) {
    String a = name.apply(s.a());
    String b = s.b() < 0 ? null : name.apply(s.b());
    return switch (s.op()) {
      case ADD -> a + " + " + b;
      case SUB -> a + " - " + b;
      case MUL -> a + " * " + b;
      case SCALE -> literal(s.constant()) + " * " + a;
      case SIN -> "Math.sin(" + a + ")";
      case COS -> "Math.cos(" + a + ")";
      case TANH -> "Math.tanh(" + a + ")";
      case SIGMOID -> "Activations.sigmoid(" + a + ")";
      case EXP -> "Math.exp(" + a + ")";
    };
  }

  private static String literal(double c) {
    return c < 0 ? "(" + c + ")" : Double.toString(c);
  }

  private static String parameters(Program p, String type) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < p.inputs(); i++) {
      out.append(i == 0 ? "" : ", ").append(type).append(" x").append(i);
    }
    return out.toString();
  }

  private static String header(String packageName, String javadoc, String... imports) {
    StringBuilder out = new StringBuilder();
    out.append("// GENERATED by ").append(StraightLineGenerator.class.getName())
        .append(": do not edit; regenerate (see its main).\n");
    out.append("package ").append(packageName).append(";\n\n");
    for (String i : imports) {
      out.append("import ").append(i).append(";\n");
    }
    out.append("\n").append(javadoc);
    return out.toString();
  }

  /**
   * The user's method: {@code @Differentiable public static double methodName(double x0, ...)} in
   * class {@code className}, one statement per line.
   */
  public static String userSource(Program p, String packageName, String className,
      String methodName, String classJavadoc) {
    StringBuilder out = new StringBuilder(header(packageName, classJavadoc,
        "dev.flatgrad.Activations", "dev.flatgrad.Differentiable"));
    out.append("public final class ").append(className).append(" {\n\n");
    out.append("  private ").append(className).append("() {}\n\n");
    out.append("  @Differentiable\n");
    out.append("  public static double ").append(methodName).append("(\n      ")
        .append(parameters(p, "double")).append(") {\n");
    for (Statement s : p.statements()) {
      out.append("    double ").append(p.name(s.target())).append(" = ")
          .append(expression(s, p::name)).append(";\n");
    }
    out.append("    return ");
    for (int i = 0; i < p.returned().size(); i++) {
      out.append(i == 0 ? "" : " + ").append(p.name(p.returned().get(i)));
    }
    out.append(";\n  }\n}\n");
    return out.toString();
  }

  /**
   * The other gradients of the same program, for the benchmarks: {@code handWritten} (flat code
   * as an engineer who knows HotSpot's 8000-byte JIT limit writes it: values and adjoints in two
   * arrays, forward and backward split into methods of {@value #CHUNK} statements, each adjoint
   * read once and each local partial computed once, sigmoid/tanh/exp derivatives from their
   * results), {@code tape} (recorded on the runtime tape) and {@code hipparchus} (forward mode),
   * and {@code finiteDifferences}. Each returns the value and writes the gradient into {@code
   * out}.
   */
  public static String alternatives(Program p, String packageName, String className,
      String userClass, String methodName, String classJavadoc) {
    StringBuilder out = new StringBuilder(header(packageName, classJavadoc,
        "dev.flatgrad.Activations",
        "dev.flatgrad.benchmarks.support.FiniteDifferences",
        "dev.flatgrad.benchmarks.support.ReverseTape",
        "org.hipparchus.analysis.differentiation.Gradient"));
    int inputs = p.inputs();
    int variables = inputs + p.size();
    out.append("public final class ").append(className).append(" {\n\n");
    out.append("  private ").append(className).append("() {}\n\n");

    // Hand-written, split.
    int chunks = (p.size() + CHUNK - 1) / CHUNK;
    out.append("  public static double handWritten(\n      ")
        .append(parameters(p, "double")).append(", double[] out) {\n");
    out.append("    double[] v = new double[").append(variables).append("];\n");
    for (int i = 0; i < inputs; i++) {
      out.append("    v[").append(i).append("] = x").append(i).append(";\n");
    }
    for (int c = 0; c < chunks; c++) {
      out.append("    forward").append(c).append("(v);\n");
    }
    out.append("    double[] g = new double[").append(variables).append("];\n");
    for (int r : p.returned()) {
      out.append("    g[").append(r).append("] = 1;\n");
    }
    for (int c = chunks - 1; c >= 0; c--) {
      out.append("    backward").append(c).append("(v, g);\n");
    }
    out.append("    System.arraycopy(g, 0, out, 0, ").append(inputs).append(");\n");
    out.append("    return ");
    for (int i = 0; i < p.returned().size(); i++) {
      out.append(i == 0 ? "" : " + ").append("v[").append(p.returned().get(i)).append("]");
    }
    out.append(";\n  }\n");
    java.util.function.IntFunction<String> element = i -> "v[" + i + "]";
    for (int c = 0; c < chunks; c++) {
      List<Statement> chunk = p.statements().subList(c * CHUNK,
          Math.min(p.size(), (c + 1) * CHUNK));
      out.append("\n  private static void forward").append(c).append("(double[] v) {\n");
      for (Statement s : chunk) {
        out.append("    v[").append(s.target()).append("] = ").append(expression(s, element))
            .append(";\n");
      }
      out.append("  }\n");
      out.append("\n  private static void backward").append(c)
          .append("(double[] v, double[] g) {\n");
      out.append("    double a;\n");
      for (int i = chunk.size() - 1; i >= 0; i--) {
        Statement s = chunk.get(i);
        String r = "v[" + s.target() + "]";
        String va = "v[" + s.a() + "]";
        String vb = s.b() < 0 ? null : "v[" + s.b() + "]";
        String ga = "g[" + s.a() + "]";
        String gb = s.b() < 0 ? null : "g[" + s.b() + "]";
        out.append("    a = g[").append(s.target()).append("];\n");
        switch (s.op()) {
          case ADD -> out.append("    ").append(ga).append(" += a;\n    ").append(gb)
              .append(" += a;\n");
          case SUB -> out.append("    ").append(ga).append(" += a;\n    ").append(gb)
              .append(" -= a;\n");
          case MUL -> out.append("    ").append(ga).append(" += a * ").append(vb)
              .append(";\n    ").append(gb).append(" += a * ").append(va).append(";\n");
          case SCALE -> out.append("    ").append(ga).append(" += a * ")
              .append(literal(s.constant())).append(";\n");
          case SIN -> out.append("    ").append(ga).append(" += a * Math.cos(").append(va)
              .append(");\n");
          case COS -> out.append("    ").append(ga).append(" -= a * Math.sin(").append(va)
              .append(");\n");
          case TANH -> out.append("    ").append(ga).append(" += a * (1 - ").append(r)
              .append(" * ").append(r).append(");\n");
          case SIGMOID -> out.append("    ").append(ga).append(" += a * ").append(r)
              .append(" * (1 - ").append(r).append(");\n");
          case EXP -> out.append("    ").append(ga).append(" += a * ").append(r).append(";\n");
        }
      }
      out.append("  }\n");
    }

    // Tape.
    out.append("\n  public static double tape(\n      ReverseTape t, ")
        .append(parameters(p, "double")).append(", double[] out) {\n");
    out.append("    t.clear();\n");
    java.util.function.IntFunction<String> node = i -> "n" + i;
    for (int i = 0; i < inputs; i++) {
      out.append("    int n").append(i).append(" = t.leaf(x").append(i).append(");\n");
    }
    for (Statement s : p.statements()) {
      out.append("    int n").append(s.target()).append(" = ").append(tapeCall(s, node))
          .append(";\n");
    }
    out.append("    int y = ").append(sum(p.returned(), node, "t.add(%s, %s)")).append(";\n");
    out.append("    t.backward(y);\n");
    for (int i = 0; i < inputs; i++) {
      out.append("    out[").append(i).append("] = t.adjoint(n").append(i).append(");\n");
    }
    out.append("    return t.value(y);\n  }\n");

    // Hipparchus.
    out.append("\n  public static double hipparchus(\n      ")
        .append(parameters(p, "double")).append(", double[] out) {\n");
    java.util.function.IntFunction<String> gradient = i -> "g" + i;
    for (int i = 0; i < inputs; i++) {
      out.append("    Gradient g").append(i).append(" = Gradient.variable(").append(inputs)
          .append(", ").append(i).append(", x").append(i).append(");\n");
    }
    for (Statement s : p.statements()) {
      out.append("    Gradient g").append(s.target()).append(" = ")
          .append(hipparchusCall(s, gradient)).append(";\n");
    }
    out.append("    Gradient y = ").append(sum(p.returned(), gradient, "%s.add(%s)"))
        .append(";\n");
    out.append("    System.arraycopy(y.getGradient(), 0, out, 0, ").append(inputs).append(");\n");
    out.append("    return y.getValue();\n  }\n");
    out.append("\n  private static Gradient sigmoid(Gradient x) {\n");
    out.append("    return x.negate().exp().add(1.0).reciprocal();\n  }\n");

    // Finite differences.
    StringBuilder call = new StringBuilder(userClass + "." + methodName + "(");
    for (int i = 0; i < inputs; i++) {
      call.append(i == 0 ? "" : ", ").append("x[").append(i).append("]");
    }
    call.append(")");
    out.append("\n  public static double finiteDifferences(double[] x, double[] out) {\n");
    out.append("    FiniteDifferences.gradient(() -> ").append(call).append(", x, out);\n");
    out.append("    return ").append(call).append(";\n  }\n");
    out.append("}\n");
    return out.toString();
  }

  private static String tapeCall(Statement s, java.util.function.IntFunction<String> node) {
    String a = node.apply(s.a());
    String b = s.b() < 0 ? null : node.apply(s.b());
    return switch (s.op()) {
      case ADD -> "t.add(" + a + ", " + b + ")";
      case SUB -> "t.sub(" + a + ", " + b + ")";
      case MUL -> "t.mul(" + a + ", " + b + ")";
      case SCALE -> "t.mulConst(" + a + ", " + s.constant() + ")";
      case SIN -> "t.sin(" + a + ")";
      case COS -> "t.cos(" + a + ")";
      case TANH -> "t.tanh(" + a + ")";
      case SIGMOID -> "t.sigmoid(" + a + ")";
      case EXP -> "t.exp(" + a + ")";
    };
  }

  private static String hipparchusCall(Statement s, java.util.function.IntFunction<String> g) {
    String a = g.apply(s.a());
    String b = s.b() < 0 ? null : g.apply(s.b());
    return switch (s.op()) {
      case ADD -> a + ".add(" + b + ")";
      case SUB -> a + ".subtract(" + b + ")";
      case MUL -> a + ".multiply(" + b + ")";
      case SCALE -> a + ".multiply(" + s.constant() + ")";
      case SIN -> a + ".sin()";
      case COS -> a + ".cos()";
      case TANH -> a + ".tanh()";
      case SIGMOID -> "sigmoid(" + a + ")";
      case EXP -> a + ".exp()";
    };
  }

  private static String sum(List<Integer> terms, java.util.function.IntFunction<String> name,
      String pattern) {
    String sum = name.apply(terms.get(0));
    for (int i = 1; i < terms.size(); i++) {
      sum = String.format(pattern, sum, name.apply(terms.get(i)));
    }
    return sum;
  }

  // ---------------------------------------------------------------------------------------------
  // The committed kernel

  /** The seed, size and inputs of the benchmark kernel {@code StraightLine}. */
  public static final long SEED = 450;
  public static final int SIZE = 450;
  public static final int INPUTS = 8;
  public static final String PACKAGE = "dev.flatgrad.benchmarks";

  public static Program kernel() {
    return generate(SEED, SIZE, INPUTS);
  }

  public static String kernelSource() {
    return userSource(kernel(), PACKAGE, "StraightLine", "straightLine", """
        /**
         * Kernel 6: a random straight-line function of 8 inputs and 450 statements, one operation
         * each, written by {@link dev.flatgrad.benchmarks.generator.StraightLineGenerator} (seed
         * 450). Its values stay within [-4, 4] for inputs in [-1, 1].
         */
        """);
  }

  public static String kernelAlternativesSource() {
    return alternatives(kernel(), PACKAGE, "StraightLineAlternatives", "StraightLine",
        "straightLine", """
        /**
         * The other gradients of {@link StraightLine}, written by {@link
         * dev.flatgrad.benchmarks.generator.StraightLineGenerator} from the same program, since
         * nobody types 450 adjoint statements. {@code handWritten} is the flat code a careful
         * engineer writes knowing that HotSpot does not JIT-compile methods over 8000 bytes of
         * bytecode: values and adjoints in two arrays, forward and backward split into methods of
         * 64 statements.
         */
        """);
  }

  /** Regenerates the committed kernel sources under {@code args[0]} (a source root). */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "benchmarks/src/main/java");
    Path dir = root.resolve(PACKAGE.replace('.', '/'));
    Files.writeString(dir.resolve("StraightLine.java"), kernelSource(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("StraightLineAlternatives.java"), kernelAlternativesSource(),
        StandardCharsets.UTF_8);
  }
}
