package dev.flatgrad.processor.fuzz;

import dev.flatgrad.processor.fuzz.Model.ClassDecl;
import dev.flatgrad.processor.fuzz.Model.E;
import dev.flatgrad.processor.fuzz.Model.Line;
import dev.flatgrad.processor.fuzz.Model.Member;
import dev.flatgrad.processor.fuzz.Model.Method;
import dev.flatgrad.processor.fuzz.Model.Node;
import dev.flatgrad.processor.fuzz.Model.Program;
import dev.flatgrad.processor.fuzz.Model.Raw;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a valid program into one outside flatgrad's subset or outside Java: unsupported
 * statements and expressions inserted, signatures and annotations broken, members added in
 * places flatgrad does not expect, and plain syntax damage. Whatever comes out, flatgrad must end
 * in success or in positioned errors, and never throw or report an internal error.
 */
final class Mutator {

  /** A mutant: what was done, and the source. */
  record Mutant(String description, String mainClass, String source, boolean syntax, int n,
      int m, long seed, Program program) {
    Mutant {
      // A mutation may take a method's second order away; only generated programs promise it.
      source = source.replace(Generator.EXPECTS_SECOND_ORDER, "(mutated)");
    }

    /** The same mutant with another source (and no model). */
    Mutant withSource(String text) {
      return new Mutant(description, mainClass, text, syntax, n, m, seed, null);
    }

    /** The same mutant from another model. */
    Mutant withProgram(Program smaller) {
      return new Mutant(description, mainClass, smaller.render(), syntax, n, m, seed, smaller);
    }
  }

  private final Random r;

  Mutator(long seed) {
    this.r = new Random(seed);
  }

  Mutant mutate(Program original) {
    Program program = original.copy();
    int kind = r.nextInt(100);
    String description;
    if (kind < 45) {
      description = statement(program);
    } else if (kind < 60) {
      description = expression(program);
    } else if (kind < 75) {
      description = signature(program);
    } else if (kind < 87) {
      description = member(program);
    } else {
      String source = program.render();
      String[] result = syntax(source);
      return new Mutant(result[0], program.mainClass(), result[1], true, program.n, program.m,
          program.seed, null);
    }
    if (r.nextInt(5) == 0) { // sometimes two at once
      description += "; " + statement(program);
    }
    return new Mutant(description, program.mainClass(), program.render(), false, program.n,
        program.m, program.seed, program);
  }

  // ---- statements

  private static final String[] STATEMENTS = {
    "String s9 = \"abc\";",
    "Runnable r9 = () -> {};",
    "Object o9 = new Object();",
    "switch (1) { case 0: break; default: break; }",
    "try { $X = $X + 1; } catch (RuntimeException e9) { }",
    "outer9: for (int q9 = 0; q9 < 2; q9++) { for (int w9 = 0; w9 < 2; w9++) { if (w9 > 0) break outer9; } }",
    "outer9: for (int q9 = 0; q9 < 2; q9++) { for (int w9 = 0; w9 < 2; w9++) { continue outer9; } }",
    "lab9: { if ($X > 0) break lab9; }",
    "System.out.println($X);",
    "$X = foo9($X);",
    "$X = helper9($X);",
    "int bad9 = $X;",
    "double[] alias9 = $A;",
    "double[] init9 = {1.0, 2.0};",
    "double[] init9 = new double[] {1, 2};",
    "double[][] jag9 = new double[2][];",
    "double[][][] cube9 = new double[2][2][2];",
    "boolean b9 = 1;",
    "throw new IllegalStateException();",
    "if ($X > 100) throw new IllegalStateException();",
    "assert $X > 0;",
    "synchronized (Object.class) { $X = $X * 2; }",
    "for (double v9 : $A) { $X += v9; }",
    "long l9 = 1L;",
    "float f9 = 1f;",
    "char c9 = 'a';",
    "short sh9 = 1;",
    "byte by9 = 1;",
    "$A[0] = 1;",
    "$A[0] += $X;",
    "$X = Math.random();",
    "$X = Math.floor($X);",
    "$X = Math.signum($X);",
    "$X = Math.exp($X, $X);",
    "$X = Activations.relu();",
    "$X = StrictMath.sin($X);",
    "$X = Math.fma($X, $X, $X);",
    "$X = Math.toRadians($X);",
    "int i9 = 0; i9 = i9++ + ++i9;",
    "$X = ($X = 2) + 1;",
    "$X += $X += 1;",
    "$X = $X++ + 1;",
    "class Loc9 {}",
    "record R9(int a) {}",
    "interface I9 {}",
    "enum En9 { A }",
    "var v9;",
    "var v9 = null;",
    "var v9 = new double[2];",
    "return;",
    "return \"s\";",
    "return 1L;",
    "return null;",
    "$X = counter9;",
    "counter9 = $X;",
    "K9 = $X;",
    "$X = this.hashCode();",
    "$X = \"\"\"\n      text\n      \"\"\".length();",
    "double \\u0061b9 = $X;",
    "$X = (short) $X;",
    "$X = (long) $X;",
    "$X = (Double) $X;",
    "Double boxed9 = $X;",
    "Integer n9 = 1;",
    "$X = java.util.Arrays.stream($A).sum();",
    "$X = $A.clone()[0];",
    "$X %= 2.0;",
    "$X = $X % 2;",
    "int k9 = 1 << 2;",
    "int k9 = ~1;",
    "boolean b9 = true ^ false;",
    "$X = 1 & 1;",
    "if ($X > 0) ;",
    "do ; while (false);",
    "while (false) {}",
    "for (;;) { break; }",
    "for (int q9 = 0; ; q9++) { if (q9 > 2) break; $X = $X * 0.5; }",
    // Not "$X = Double.MAX_VALUE;": sin(w - MAX_VALUE) has a gradient that finite differences
    // cannot see (w is lost in the rounding), a false positive of the checker.
    "double big9 = Double.MAX_VALUE; $X = $X + (big9 > 0 ? 1 : 0);",
    "$X = Integer.MAX_VALUE;",
    "$X = Double.NaN;",
    "$X = Double.MIN_VALUE * $X;",
    "$X = Math.PI = 3;",
    "$X = new double[2][0].length;",
    "$X = $A[$X];",
    "int[] ia9 = new int[2]; ia9[0] = $X;",
    "break;",
    "continue;",
    "$X = 1e400;",
    "$X = 1e-400;",
    "$X = 2147483648;",
    "final double fx9 = 1; fx9 = 2;",
    "$X = Y9;",
    "$X = $X + ;",
    "$X = java.util.List.of(1).size();",
    "$X = $X > 0 ? \"a\".length() : 1;",
    "$X = $X;",
    ";;",
    "{ { { $X = -$X; } } }",
    "$X = - -$X;",
    "$X = -(-2);",
    "$X = - -2.5;",
    // Not "$X = -2147483648;": sin(w + 2^31) again, the checker's false positive described for
    // Math.min(Integer.MIN_VALUE, -1) below; the literal itself stays under test.
    "int lo8 = -2147483648; $X = $X + (lo8 < 0 ? 1 : 0);",
    "$X = 0x1p3 + 0b101 + 017 + 1_000;",
    "$X = 'a' + $X;",
    "int m9 = 'a';",
    "$X = ($X > 0) == true ? 1 : 0;",
    "$X = Math.max(1, 2L);",
    "$X = Math.abs(-0.0);",
    "$X = Math.pow($X, $X);",
    "$X = Math.log(-1);",
    "$X = Math.sqrt($X);",
    "$X = 1 / 0;",
    "$X = $X / 0;",
    "int d9 = 1 / 0;",
    "$X = new Object() { double v = 1; }.v;",
    "$X = ((java.util.function.DoubleUnaryOperator) Math::sin).applyAsDouble($X);",
    "$X = $FUNC($X, $X);",
    "$X = $FUNC();",
    "$X = $CLASS.missing($X);",
    "$X = java.lang.Math.sin($X);",
    "$X = dev.flatgrad.Activations.sigmoid($X);",
    "$X = new dev.flatgrad.Activations().hashCode();",
    "$X = Activations.leakyRelu($X, $X, $X);",
    "$X = Activations.class.hashCode();",
    "$X = $CLASS.class.getName().length();",
    "if ($X > 0) { double[] late9 = new double[2]; }",
    "for (int q9 = 0; q9 < 2; q9++) { double[] late9 = new double[2]; late9[q9] = $X; $X += late9[q9]; }",
    "int n9 = 2; double[] sized9 = new double[n9 * 2]; sized9[3] = $X; $X = sized9[3];",
    "double[] neg9 = new double[-1];",
    "$X = $A[$A.length];",
    "$X = $A.length > 0 ? $A[0] : $X;",
    "boolean[] flags9 = new boolean[2]; flags9[0] = $X > 0; if (flags9[0]) $X = $X * 2;",
    "int[] counts9 = new int[3]; counts9[1]++; $X = $X * counts9[1];",
    "$X = $X == $X ? $X : -$X;",
    "$X = (int) $X + (double) (int) $X;",
    "$X = (int) 1e20;",
    // Wraps to Integer.MIN_VALUE; added to $X itself, -2^31 would drown the finite differences.
    "int big9 = Integer.MAX_VALUE; big9++; $X = $X + (big9 < 0 ? 1 : 0);",
    // Not "$X = Math.min(Integer.MIN_VALUE, -1);": sin(w + 2^31) has a gradient that finite
    // differences cannot see (w + h rounds to a grid of 2^-22), a false positive of the checker.
    "int lo9 = Math.min(Integer.MIN_VALUE, -1); $X = $X + (lo9 < 0 ? 1 : 0);",
  };

  private String statement(Program program) {
    List<List<Node>> lists = Reducer.lists(program);
    if (lists.isEmpty()) {
      return member(program);
    }
    List<Node> list = lists.get(r.nextInt(lists.size()));
    String template = STATEMENTS[r.nextInt(STATEMENTS.length)];
    Method method = methodOf(program, list);
    String text = fill(template, program, method);
    int index = r.nextInt(list.size() + 1);
    list.add(index, Line.of(text));
    addSupport(program, template);
    return "statement " + text.replace('\n', ' ');
  }

  /** The method whose body holds {@code list}. */
  private static Method methodOf(Program program, List<Node> list) {
    for (ClassDecl decl : program.classes) {
      Method method = methodOf(decl, list);
      if (method != null) {
        return method;
      }
    }
    return null;
  }

  private static Method methodOf(ClassDecl decl, List<Node> list) {
    for (Member member : decl.members) {
      if (member instanceof Method method) {
        List<List<Node>> lists = new ArrayList<>();
        Program single = new Program("p", List.of(), List.of(new ClassDecl("X", "",
            List.of(method))), 1, 1, 0);
        lists.addAll(Reducer.lists(single));
        for (List<Node> l : lists) {
          if (l == list) {
            return method;
          }
        }
      } else if (member instanceof ClassDecl nested) {
        Method method = methodOf(nested, list);
        if (method != null) {
          return method;
        }
      }
    }
    return null;
  }

  private static final Pattern PARAM = Pattern.compile("(double(?:\\[])*|int(?:\\[])?|boolean(?:\\[])?) (\\w+)[,)]");

  /**
   * Fills $X (a double parameter, or a local declared first), $A (a vector), $FUNC (the method
   * itself) and $CLASS (the main class) in a template.
   */
  private String fill(String template, Program program, Method method) {
    String x = "x9";
    String a = "a9";
    String func = "Math.sin";
    boolean declareX = true;
    boolean declareA = true;
    if (method != null) {
      Matcher matcher = PARAM.matcher(method.header);
      List<String> doubles = new ArrayList<>();
      List<String> vectors = new ArrayList<>();
      while (matcher.find()) {
        if (matcher.group(1).equals("double")) {
          doubles.add(matcher.group(2));
        } else if (matcher.group(1).equals("double[]")) {
          vectors.add(matcher.group(2));
        }
      }
      if (!doubles.isEmpty()) {
        x = doubles.get(r.nextInt(doubles.size()));
        declareX = false;
      }
      if (!vectors.isEmpty()) {
        a = vectors.get(r.nextInt(vectors.size()));
        declareA = false;
      }
      func = method.name;
    }
    String text = template.replace("$FUNC", func)
        .replace("$CLASS", program.classes.get(0).name).replace("$X", x).replace("$A", a);
    String prefix = "";
    if (declareX && text.contains(x)) {
      prefix += "double " + x + " = 0.5; ";
    }
    if (declareA && text.contains(a)) {
      prefix += "double[] " + a + " = new double[2]; ";
    }
    return prefix + text;
  }

  /** Members some statements need: a helper, a mutable field, a final one. */
  private void addSupport(Program program, String template) {
    ClassDecl main = program.classes.get(0);
    if (template.contains("helper9")) {
      main.members.add(new Raw("helper9", "static double helper9(double v) {\n  return v;\n}"));
    }
    if (template.contains("counter9")) {
      main.members.add(new Raw("counter9", "static double counter9;"));
    }
    if (template.contains("K9")) {
      main.members.add(new Raw("K9", "static final double K9 = 1;"));
    }
  }

  // ---- expressions

  private static final String[] DOUBLE_EXPRESSIONS = {
    "\"s\".length()", "(double) 'a'", "1L", "1.5f", "$X++", "($X = 1)", "new Object().hashCode()",
    "Math.random()", "Math.floor($X)", "foo9($X)", "(Double) $X", "java.util.List.of($X).get(0)",
    "this.x", "$A.length()", "($X instanceof Double ? 1 : 0)", "$X--", "++$X", "Math.ulp($X)",
    "(short) $X", "Double.valueOf($X)", "null", "true", "$A", "$X ? 1 : 0", "1 << 2", "~1",
    "Math.PI.x", "Math.E()", "Math::sin", "() -> 1", "switch (1) { default -> 1.0; }",
    "($X > 0 ? $X : $A)", "$A[0][0]", "$A[1.5]", "Math.sin()", "Math.atan2($X)",
    "Activations.sigmoid($X, $X)", "Activations.softplus($A)", "Math.hypot($X, $X, $X)",
  };

  private static final String[] INT_EXPRESSIONS = {
    "1 << 2", "~1", "'c'", "(int) 1L", "Integer.MAX_VALUE", "1 >> 1", "1 >>> 1", "1 ^ 2",
    "(int) 2.5f", "Integer.parseInt(\"1\")", "(short) 3", "i9++",
  };

  private static final String[] BOOLEAN_EXPRESSIONS = {
    "true ^ false", "$X == null", "\"a\".isEmpty()", "!!true", "true & false", "true | false",
    "($X = 1) > 0", "$X instanceof Double", "Boolean.TRUE", "1", "$X",
  };

  private String expression(Program program) {
    List<Object[]> slots = new ArrayList<>();
    for (List<Node> list : Reducer.lists(program)) {
      for (Node node : list) {
        if (node instanceof Line line) {
          collect(line.parts, slots);
        } else if (node instanceof Model.Compound compound) {
          for (Model.Segment segment : compound.segments) {
            collect(segment.header, slots);
          }
        }
      }
    }
    if (slots.isEmpty()) {
      return statement(program);
    }
    Object[] slot = slots.get(r.nextInt(slots.size()));
    @SuppressWarnings("unchecked")
    List<Object> container = (List<Object>) slot[0];
    int index = (int) slot[1];
    E old = (E) container.get(index);
    String[] pool = switch (old.type) {
      case "int" -> INT_EXPRESSIONS;
      case "boolean" -> BOOLEAN_EXPRESSIONS;
      default -> DOUBLE_EXPRESSIONS;
    };
    Method method = null;
    for (List<Node> list : Reducer.lists(program)) {
      method = method == null ? methodOf(program, list) : method;
    }
    String text = pool[r.nextInt(pool.length)];
    String filled = fill(text, program, method);
    if (filled.contains("; ")) { // needed a declaration: use a literal name instead
      filled = text.replace("$X", "1.0").replace("$A", "new double[1]");
    }
    container.set(index, E.leaf(old.type, "(" + filled + ")", 1));
    return "expression " + old.render() + " -> " + filled;
  }

  @SuppressWarnings("unchecked")
  private static void collect(List<Object> parts, List<Object[]> slots) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) instanceof E e) {
        slots.add(new Object[] {parts, i});
        collectKids(e, slots);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectKids(E e, List<Object[]> slots) {
    List<Object> kids = (List<Object>) (List<?>) e.kids;
    for (int i = 0; i < kids.size(); i++) {
      slots.add(new Object[] {kids, i});
      collectKids(e.kids.get(i), slots);
    }
  }

  // ---- signatures and annotations

  private String signature(Program program) {
    List<Object[]> methods = new ArrayList<>();
    for (ClassDecl decl : program.classes) {
      collectMethods(decl, methods);
    }
    if (methods.isEmpty()) {
      return member(program);
    }
    Object[] slot = methods.get(r.nextInt(methods.size()));
    ClassDecl owner = (ClassDecl) slot[0];
    int index = (int) slot[1];
    Method method = (Method) owner.members.get(index);
    String header = method.header;
    String[] lines = header.split("\n", 2);
    String annotation = lines[0];
    String signature = lines[1];
    String what;
    switch (r.nextInt(24)) {
      case 0 -> {
        signature = signature.replaceFirst("static ", "");
        what = "not static";
      }
      case 1 -> {
        signature = signature.replaceFirst(" double " + method.name, " int " + method.name);
        what = "returns int";
      }
      case 2 -> {
        signature = signature.replaceFirst(" double " + method.name, " void " + method.name);
        what = "returns void";
      }
      case 3 -> {
        // float is differentiable now (FloatGradientTest); long is still no result type.
        signature = signature.replaceFirst(" double " + method.name, " long " + method.name);
        what = "returns long";
      }
      case 4 -> {
        signature = signature.replaceFirst(" double " + method.name, " Double " + method.name);
        what = "returns Double";
      }
      case 5 -> {
        String extra = pick("long extra9", "String s9", "Object o9", "float[][][] t9",
            "short f9", "Double d9", "int[][] ii9", "java.util.List<Double> l9", "char c9",
            "double... more9", "final double fin9", "@Deprecated double dep9");
        signature = signature.replaceFirst("\\)$", (signature.endsWith("()") ? "" : ", ")
            + extra + ")");
        what = "extra parameter " + extra;
      }
      case 6 -> {
        Matcher matcher = PARAM.matcher(signature);
        if (matcher.find()) {
          signature = signature.replaceFirst("\\b" + matcher.group(2) + "\\b", "value");
        }
        what = "a parameter named value";
      }
      case 7 -> {
        annotation = "@Differentiable(wrt = \"nope9\")";
        what = "wrt names a missing parameter";
      }
      case 8 -> {
        Matcher matcher = PARAM.matcher(signature);
        String name = matcher.find() ? matcher.group(2) : "x";
        annotation = "@Differentiable(wrt = {\"" + name + "\", \"" + name + "\"})";
        what = "wrt names a parameter twice";
      }
      case 9 -> {
        annotation = "@Differentiable(wrt = {})";
        what = "empty wrt";
      }
      case 10 -> {
        annotation = "@Differentiable(pullback = \"missing9\")";
        what = "missing pullback";
      }
      case 11 -> {
        annotation = "@Differentiable(pullback = \"\")";
        what = "empty pullback";
      }
      case 12 -> {
        annotation = "@Differentiable(pullback = \"" + method.name + "\")";
        what = "pullback naming the method itself";
      }
      case 13 -> {
        Matcher matcher = Pattern.compile("(int|boolean)(?:\\[])? (\\w+)[,)]").matcher(signature);
        annotation = "@Differentiable(wrt = \"" + (matcher.find() ? matcher.group(2) : "x")
            + "\")";
        what = "wrt names a data parameter";
      }
      case 14 -> {
        signature = signature.replaceFirst("static ", "private static ");
        what = "private";
      }
      case 15 -> {
        signature = signature.replaceFirst("static ", "static <T> ");
        what = "generic method";
      }
      case 16 -> {
        signature = signature + " throws Exception";
        what = "throws Exception";
      }
      case 17 -> {
        signature = signature.replaceFirst("static ", "synchronized static ");
        what = "synchronized";
      }
      case 18 -> {
        signature = signature.replaceFirst("static ", "strictfp static ");
        what = "strictfp";
      }
      case 19 -> {
        annotation = "@Differentiable @Deprecated";
        what = "two annotations";
      }
      case 20 -> {
        annotation = "@dev.flatgrad.Differentiable(wrt = \"x\", pullback = \"\")";
        what = "qualified annotation";
      }
      case 21 -> {
        annotation = "@Differentiable(wrt = " + pick("1", "null", "{\"x\", 2}", "\"x\" + \"y\"",
            "K9") + ")";
        what = "ill-typed wrt";
      }
      case 22 -> {
        signature = signature.replaceFirst("\\(.*\\)", "()");
        what = "no parameters";
      }
      default -> {
        annotation = "";
        what = "annotation removed";
      }
    }
    owner.members.set(index, new Method(method.name, annotation + "\n" + signature, method.body));
    return "signature of " + method.name + ": " + what;
  }

  private static void collectMethods(ClassDecl decl, List<Object[]> methods) {
    for (int i = 0; i < decl.members.size(); i++) {
      Member member = decl.members.get(i);
      if (member instanceof Method) {
        methods.add(new Object[] {decl, i});
      } else if (member instanceof ClassDecl nested) {
        collectMethods(nested, methods);
      }
    }
  }

  // ---- members

  private static final String[] MEMBERS = {
    "interface I9 {\n  @Differentiable\n  static double fi9(double x) {\n    return x * x;\n  }\n}",
    "enum En9 {\n  A;\n\n  @Differentiable\n  static double fe9(double x) {\n    return x * x;\n  }\n}",
    "record Rc9(double a) {\n  @Differentiable\n  static double fr9(double x) {\n    return x * x;\n  }\n}",
    "static double host9(double y) {\n  class Local9 {\n    @Differentiable\n    static double fl9(double x) {\n      return x * x;\n    }\n  }\n  return y;\n}",
    "static Object anon9 = new Object() {\n  @Differentiable\n  double fa9(double x) {\n    return x;\n  }\n};",
    "static class Gen9<T> {\n  @Differentiable\n  static double fg9(double x) {\n    return x * 2;\n  }\n}",
    "@Differentiable\nstatic double field9 = 1;",
    "@Differentiable\nF9() {}",
    "interface J9 {\n  @Differentiable\n  default double fd9(double x) {\n    return x;\n  }\n}",
    "abstract static class Ab9 {\n  @Differentiable\n  abstract double fab9(double x);\n}",
    "@Differentiable\nstatic native double nat9(double x);",
    "@Differentiable\nstatic double over9(double x) {\n  return x;\n}\n\n@Differentiable\nstatic double over9(double x, double y) {\n  return over9(x) * y;\n}",
    "@Differentiable\nstatic double dup9(double x) {\n  return x;\n}\n\n@Differentiable\nstatic double dup9(double y) {\n  return y;\n}",
    "@Differentiable\nstatic double priv9(double x) {\n  return callee9(x);\n}\n\n@Differentiable\nprivate static double callee9(double x) {\n  return x * x;\n}",
    "@Differentiable\nstatic double inst9(double x) {\n  return instCallee9(x);\n}\n\n@Differentiable\ndouble instCallee9(double x) {\n  return x * x;\n}",
    "@Differentiable(wrt = \"x\")\nstatic double part9(double x, double y) {\n  return x * y;\n}\n\n@Differentiable\nstatic double caller9(double x, double y) {\n  return part9(x, y * x);\n}",
    "@Differentiable\nstatic double plain9(double x) {\n  return notDiff9(x);\n}\n\nstatic double notDiff9(double x) {\n  return x;\n}",
    "@Differentiable\nstatic double fPullback(double x, double upstream) {\n  return x * upstream;\n}\n\n@Differentiable\nstatic double f(double x) {\n  return x * x;\n}",
    "@Differentiable\nstatic double gAccumulate(double[] v, double[] grad_v) {\n  return v[0] * grad_v[0];\n}\n\n@Differentiable\nstatic double g(double[] v) {\n  return v[0] * v[0];\n}",
    "@Differentiable\nstatic double h9(double x) {\n  return x;\n}\n\nstatic class H9Grad {}",
    "static final double PRIV9 = Math.sqrt(2);\n\nprivate static final double HIDDEN9 = Math.sqrt(3);\n\n@Differentiable\nstatic double consts9(double x) {\n  return x * PRIV9 + HIDDEN9;\n}",
    "static double mutable9 = 2;\n\n@Differentiable\nstatic double readsMutable9(double x) {\n  return x * mutable9;\n}",
    "final double instanceField9 = 2;\n\n@Differentiable\nstatic double readsInstance9(double x) {\n  return x * instanceField9;\n}",
    "static final String NAME9 = \"n\";\n\n@Differentiable\nstatic double readsString9(double x) {\n  return x * NAME9.length();\n}",
    "static final long LONG9 = 2;\n\n@Differentiable\nstatic double readsLong9(double x) {\n  return x * LONG9;\n}",
    "@Differentiable\nstatic double deep9(double x) {\n  return DEEP;\n}",
    "@Differentiable\nstatic double long9(double x) {\n  double s = x;\nLONG\n  return s;\n}",
    "@Differentiable\nstatic double recurse9(double x) {\n  return recurse9(x * 0.5);\n}",
    "@Differentiable(pullback = \"badPullback9\")\nstatic double custom9(double x) {\n  return x;\n}\n\nstatic int badPullback9(double x, double upstream) {\n  return 0;\n}",
    "@Differentiable(pullback = \"wrongPullback9\")\nstatic double custom9(double x, double[] v) {\n  return x * v[0];\n}\n\nstatic double wrongPullback9(double x, double[] v, double upstream) {\n  return x;\n}",
    "@Differentiable(pullback = \"privPullback9\")\nstatic double custom9(double[] v) {\n  return v[0];\n}\n\nprivate static double privPullback9(double[] v, double upstream, double[] g) {\n  return v[0];\n}",
    "record Pb9(double value, double y) {}\n\n@Differentiable(pullback = \"recPullback9\")\nstatic double custom9(double x) {\n  return x;\n}\n\nstatic Pb9 recPullback9(double x, double upstream) {\n  return new Pb9(x, upstream);\n}",
    "@Differentiable\nstatic double value9(double value) {\n  return value;\n}",
    "@Differentiable\nstatic double noParams9() {\n  return 1;\n}",
    "@Differentiable\nstatic double onlyData9(int n, boolean b) {\n  return n;\n}",
    "@Differentiable\nstatic double vararg9(double... xs) {\n  return xs[0] * xs[0];\n}",
    "@Differentiable\nstatic double shadow9(double Math) {\n  return Math * 2;\n}",
    "@Differentiable\nstatic double unicode9(double \\u00e9) {\n  return \\u00e9 * \\u00e9;\n}",
    "@Differentiable\nstatic double keyword9(double _x, double $y) {\n  return _x * $y;\n}",
    // Vector outputs and parameter records where flatgrad draws its lines.
    "@Differentiable\nstatic double[][] mat9(double x) {\n  return new double[][] {{x}};\n}",
    "@Differentiable\nstatic double[] early9(double x) {\n  double[] y = {x, 2 * x};\n  if (x > 0) {\n    return y;\n  }\n  return y;\n}",
    "@Differentiable\nstatic double[] param9(double[] x) {\n  return x;\n}",
    "@Differentiable\nstatic double[] self9(double x, int d) {\n  if (d <= 0) {\n    return new double[] {x};\n  }\n  double[] r = self9(x, d - 1);\n  return r;\n}",
    "@Differentiable\nstatic double[] v9(double x) {\n  return new double[] {x, x * x};\n}\n\n@Differentiable\nstatic double loopV9(double x) {\n  double s = 0;\n  for (int i = 0; i < 3; i++) {\n    double[] r = v9(x * i);\n    s += r[1];\n  }\n  return s;\n}",
    "@Differentiable\nstatic double[] v9(double x) {\n  return new double[] {x, x * x};\n}\n\n@Differentiable\nstatic double exprV9(double x) {\n  return v9(x)[1];\n}",
    "record Pj9(double a, double b) {}\n\n@Differentiable\nstatic double[] jac9(Pj9 p) {\n  return new double[] {p.a(), p.b()};\n}",
    "record Ps9(double[] w, String name) {}\n\n@Differentiable\nstatic double named9(Ps9 n) {\n  return n.w()[0];\n}",
    "private record Pp9(double a) {}\n\n@Differentiable\nstatic double priv9(Pp9 p) {\n  return p.a();\n}",
    "record Pi9(double[] b) {}\nrecord Po9(Pi9 inner, double c) {}\n\n@Differentiable\nstatic double asValue9(Po9 o) {\n  if (o.inner() == null) {\n    return 0;\n  }\n  return o.inner().b().length * o.c();\n}",
    "record Pd9(double x, int n) {}\n\n@Differentiable(wrt = \"d\")\nstatic double dataWrt9(Pd9 d) {\n  return d.x() * d.n();\n}",
    "record Pa9(double[] w) {}\n\n@Differentiable\nstatic double g9(Pa9 p) {\n  return p.w()[0];\n}\n\n@Differentiable\nstatic double passes9(Pa9 p) {\n  return 2 * g9(p);\n}",
    "record Pw9(double[] w) {}\n\n@Differentiable\nstatic double writes9(Pw9 p) {\n  p.w()[0] = 1;\n  return p.w()[0];\n}",
    "record Pr9(Pr9 next, double a) {}\n\n@Differentiable\nstatic double cyclic9(Pr9 p) {\n  return p.a();\n}",
    "record Pg9<T>(double a, T t) {}\n\n@Differentiable\nstatic double generic9(Pg9<String> p) {\n  return p.a();\n}",
    "record Pl9(double[] w) {}\n\n@Differentiable\nstatic double alias9(Pl9 p) {\n  double[] w = p.w();\n  return w[0] * w[0];\n}",
    "enum Ev9 { A, B }\n\n@Differentiable\nstatic double enumLocal9(double x, Ev9 e) {\n  Ev9 f = e == Ev9.A ? Ev9.B : e;\n  return switch (f) { case A -> x; case B -> x * x; };\n}",
  };

  private String member(Program program) {
    String text = MEMBERS[r.nextInt(MEMBERS.length)]
        .replace("F9()", program.classes.get(0).name + "()");
    if (text.contains("DEEP")) {
      StringBuilder deep = new StringBuilder("x");
      int depth = 200 + r.nextInt(3000);
      for (int i = 0; i < depth; i++) {
        deep.append(r.nextBoolean() ? " + x" : " * 0.5");
      }
      text = text.replace("DEEP", deep.toString());
    }
    if (text.contains("LONG")) {
      StringBuilder lines = new StringBuilder();
      int count = 500 + r.nextInt(2500);
      for (int i = 0; i < count; i++) {
        lines.append("  s = Math.sin(s) * 0.5 + x;\n");
      }
      text = text.replace("LONG\n", lines.toString());
    }
    ClassDecl target = program.classes.get(r.nextInt(program.classes.size()));
    target.members.add(r.nextInt(target.members.size() + 1), new Raw("mutant", text));
    return "member " + text.split("\n")[text.startsWith("@") ? 1 : 0];
  }

  // ---- syntax

  /**
   * Marks the description of a syntax mutant that changed a line of a custom rule (the method or
   * its pullback): if it still compiles, its gradient is the user's own, and may be wrong.
   */
  static final String IN_CUSTOM_RULE = " (in a custom rule)";

  private String[] syntax(String source) {
    int choice = r.nextInt(7);
    String result;
    String what;
    int at; // where the source was changed
    switch (choice) {
      case 0 -> {
        at = pickOne(source, ';');
        result = at < 0 ? source : source.substring(0, at) + source.substring(at + 1);
        what = "a semicolon deleted";
      }
      case 1 -> {
        at = pickOne(source, '}');
        result = at < 0 ? source : source.substring(0, at) + source.substring(at + 1);
        what = "a closing brace deleted";
      }
      case 2 -> {
        at = pickOne(source, ')');
        result = at < 0 ? source : source.substring(0, at) + source.substring(at + 1);
        what = "a parenthesis deleted";
      }
      case 3 -> {
        String token = pick("@", "#", "double", "(", "else", "return", "{", "\"", "'", "/*",
            "\\", "..", "->", "::", "int[]", "?");
        at = r.nextInt(source.length());
        result = source.substring(0, at) + " " + token + " " + source.substring(at);
        what = "inserted " + token;
      }
      case 4 -> {
        at = r.nextInt(source.length());
        result = source.substring(0, at);
        what = "truncated";
      }
      case 5 -> {
        String[] lines = source.split("\n", -1);
        int line = r.nextInt(lines.length);
        at = offsetOfLine(source, line);
        List<String> out = new ArrayList<>(List.of(lines));
        out.add(line, lines[line]);
        result = String.join("\n", out);
        what = "line " + (line + 1) + " duplicated";
      }
      default -> {
        return deleteLine(source, r.nextInt(source.split("\n", -1).length));
      }
    }
    if (at >= 0 && customRuleLines(source).contains(lineOf(source, at))) {
      what += IN_CUSTOM_RULE;
    }
    return new String[] {"syntax: " + what, result};
  }

  /** {@code source} without its line {@code line} (from 0): description and text. */
  static String[] deleteLine(String source, int line) {
    String[] lines = source.split("\n", -1);
    List<String> out = new ArrayList<>(List.of(lines));
    out.remove(line);
    String what = "line " + (line + 1) + " deleted";
    if (customRuleLines(source).contains(line)) {
      what += IN_CUSTOM_RULE;
    }
    return new String[] {"syntax: " + what, String.join("\n", out)};
  }

  /**
   * The lines (from 0) of every custom rule in {@code source}: each method annotated with a
   * {@code pullback}, and the pullback and tangent rule it names, from the annotation or header
   * to the closing brace.
   */
  static java.util.Set<Integer> customRuleLines(String source) {
    String[] lines = source.split("\n", -1);
    java.util.Set<Integer> inRules = new java.util.HashSet<>();
    Matcher annotation =
        Pattern.compile("(?:pullback|tangent)\\s*=\\s*\"(\\w+)\"").matcher("");
    for (int i = 0; i < lines.length; i++) {
      annotation.reset(lines[i]);
      while (annotation.find()) {
        inRules.addAll(methodLines(lines, i));
        Pattern header = Pattern.compile("\\s" + annotation.group(1) + "\\(");
        for (int j = 0; j < lines.length; j++) {
          if (header.matcher(lines[j]).find() && lines[j].contains("static")) {
            inRules.addAll(methodLines(lines, j));
          }
        }
      }
    }
    return inRules;
  }

  /** The lines from {@code first} to the brace that closes the first block opened after it. */
  private static List<Integer> methodLines(String[] lines, int first) {
    List<Integer> range = new ArrayList<>();
    int depth = 0;
    boolean opened = false;
    for (int i = first; i < lines.length; i++) {
      range.add(i);
      for (char c : lines[i].toCharArray()) {
        if (c == '{') {
          depth++;
          opened = true;
        } else if (c == '}') {
          depth--;
        }
      }
      if (opened && depth <= 0) {
        break;
      }
    }
    return range;
  }

  private static int lineOf(String source, int offset) {
    int line = 0;
    for (int i = 0; i < offset && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int offsetOfLine(String source, int line) {
    int offset = 0;
    for (int i = 0; i < line; i++) {
      offset = source.indexOf('\n', offset) + 1;
    }
    return offset;
  }

  /** A random position of {@code c} in {@code source}, or -1 if there is none. */
  private int pickOne(String source, char c) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < source.length(); i++) {
      if (source.charAt(i) == c) {
        positions.add(i);
      }
    }
    return positions.isEmpty() ? -1 : positions.get(r.nextInt(positions.size()));
  }

  private String pick(String... options) {
    return options[r.nextInt(options.length)];
  }
}
