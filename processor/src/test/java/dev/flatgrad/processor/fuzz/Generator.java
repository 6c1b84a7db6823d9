package dev.flatgrad.processor.fuzz;

import dev.flatgrad.processor.fuzz.Model.ClassDecl;
import dev.flatgrad.processor.fuzz.Model.Compound;
import dev.flatgrad.processor.fuzz.Model.E;
import dev.flatgrad.processor.fuzz.Model.Line;
import dev.flatgrad.processor.fuzz.Model.Member;
import dev.flatgrad.processor.fuzz.Model.Method;
import dev.flatgrad.processor.fuzz.Model.Node;
import dev.flatgrad.processor.fuzz.Model.Program;
import dev.flatgrad.processor.fuzz.Model.Raw;
import dev.flatgrad.processor.fuzz.Model.Segment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of valid programs in flatgrad's subset: a file with one or two top-level
 * classes (and maybe a static nested one) holding one to three {@code @Differentiable} methods,
 * which call each other, plus constants and methods with custom pullbacks. A callee in the
 * caller's file may be a helper without {@code @Differentiable}, private or not.
 *
 * <p>Programs stay inside every function's domain by construction ({@code log(1 + x*x)}, {@code
 * acos(0.9 * tanh(x))}, division by {@code 1 + x*x}), keep their values bounded (an estimate of
 * each expression's magnitude squashes big ones through {@code tanh} and friends), index arrays
 * only with indices known to be in range, and terminate (loop counters are never assigned;
 * recursion goes down a depth parameter). Every vector has length {@link Program#n}, every
 * matrix is {@code n} by {@link Program#m}; int parameters lie in [0, 3], int[] entries in [0,
 * n), as {@link Points} generates them.
 */
final class Generator {

  /** Squash expressions whose magnitude may exceed this. */
  private static final double LIMIT = 6;

  /**
   * The Javadoc mark of a method whose contract promises {@code fHessianVector} (calls, helpers,
   * custom rules with tangent rules and stand-ins included): the {@link Survey} reads it and the
   * {@link Checker} reports a missing one.
   */
  static final String EXPECTS_SECOND_ORDER = "Expects fHessianVector";

  // Shapes the processor supports since records15 (issue 15); each can be turned off with its
  // system property set to false, to tell their failures from others'.
  /** Records passed on to other {@code @Differentiable} methods. */
  static final boolean RECORD_ARGUMENTS = on("flatgrad.fuzz.recordArguments");
  /** Vector-valued methods differentiated with respect to a parameter record (Jacobians). */
  static final boolean RECORD_JACOBIANS = on("flatgrad.fuzz.recordJacobians");
  /**
   * Second order through calls of vector-valued methods and of methods taking records: when on,
   * their callers are expected to have {@code fHessianVector}.
   */
  static final boolean SECOND_ORDER_THROUGH_VECTORS =
      on("flatgrad.fuzz.secondOrderThroughVectors");

  /**
   * Shapes of numeric code added with value records: a local array rebound to the array a
   * method makes ({@code u = solve(..., u)}), nested vector calls at a body's top level, a
   * do/while whose condition reads a variable first assigned in its body, and a size variable
   * changed after its array's allocation.
   */
  static final boolean NEW_SHAPES = on("flatgrad.fuzz.numericShapes");

  /**
   * Records and small classes of this file held as values in bodies ({@code Vec2 z = new
   * Vec2(x, y); z = z.times(z).plus(c);}): vectors with arithmetic, records of records, objects
   * changed in place by their own void methods.
   */
  static final boolean VALUE_RECORDS = on("flatgrad.fuzz.valueRecords");

  /**
   * Lambdas passed to static helpers of the file that take a functional interface over numbers
   * (an integrator, a golden-section search over the file's {@code Objective}, {@code twice},
   * a fold), and lambdas held in locals and called: bodies made of bounded expressions over the
   * parameters and final locals they capture.
   */
  static final boolean LAMBDAS = on("flatgrad.fuzz.lambdas");
  /** Some lambdas written as anonymous classes ({@code new DoubleUnaryOperator() {...}}). */
  static final boolean ANONYMOUS = on("flatgrad.fuzz.anonymous");

  /**
   * Methods of the enum Mode ({@code mode.sign()}, {@code mode.weight(k)}, {@code
   * mode.isFirst()}), called as written in expressions, never passed active values.
   */
  static final boolean ENUM_METHODS = on("flatgrad.fuzz.enumMethods");

  /**
   * A value record's constant read from another class of the file ({@code F.Pt2.UNIT}) and
   * its methods called on it, and value records used more often from another top-level class.
   */
  static final boolean RECORD_CONSTANTS = on("flatgrad.fuzz.recordConstants");

  private static boolean on(String property) {
    return !"false".equals(System.getProperty(property));
  }

  /**
   * Open flatgrad bugs, each with a regression source marked open in fuzz-regressions, that the
   * generator steers around by default so that runs find new bugs rather than these again. Set
   * {@code -Dflatgrad.fuzz.avoid=none} to generate them anyway; remove an entry with its fix.
   */
  static final Set<String> KNOWN_BUGS = Set.of();

  /**
   * Whether runs steer around the open bug {@code name}: all of them by default, none with
   * {@code -Dflatgrad.fuzz.avoid=none}, all but some with {@code
   * -Dflatgrad.fuzz.avoid=known-except:name,name}.
   */
  static boolean avoids(String name) {
    String avoid = System.getProperty("flatgrad.fuzz.avoid", "known");
    if (avoid.startsWith("known-except:")) {
      return KNOWN_BUGS.contains(name)
          && !List.of(avoid.substring("known-except:".length()).split(",")).contains(name);
    }
    return !avoid.equals("none") && KNOWN_BUGS.contains(name);
  }

  private final Set<String> avoid = avoided();

  private static Set<String> avoided() {
    Set<String> avoided = new HashSet<>();
    for (String name : KNOWN_BUGS) {
      if (avoids(name)) {
        avoided.add(name);
      }
    }
    return avoided;
  }

  private final Random r;
  private final long seed;
  private final String tag;
  private int n;
  private int m;
  private boolean staticMath;

  /** A variable in scope while generating a body. */
  private static final class Var {
    final String name;
    final String type;
    double bound;
    boolean assignable;
    boolean param;
    boolean differentiated;
    /** Known int range, inclusive; {@code known} false when unknown. */
    boolean known;
    int lo;
    int hi;
    /** For local int[]: whether every entry is a valid index below n. For int[] params: true. */
    boolean indexSafe;
    boolean initialized = true;
    int loopLevel;
    /** For a record parameter (type "record"): its record type's simple name. */
    String record;
    /** For a local array: allocated by this method (new, an initializer, clone). */
    boolean allocated;
    /** For a value of a record or small class (type "value"): its type. */
    ValueType value;
    /**
     * For a local double[] of length n allocated by the method: whether it may be rebound to
     * another such array, {@code u = solve(...)}.
     */
    boolean rebindable;
    /**
     * For a local array: whether its length is not fixed where it is declared (a size read from
     * a variable, or rebound): not a size for arrays declared later, which a matrix in a loop
     * needs fixed. {@code lengthRead}: whether such a size was read from it, so that it is not
     * rebound after.
     */
    boolean variableSize;
    boolean lengthRead;
    /** A local never assigned after its declaration, which a lambda may capture. */
    boolean finalLocal;
    /**
     * For a lambda held in a local (type "fn"): its interface ({@code unary}, {@code objective}
     * or {@code binary}) and the magnitude its arguments must stay under.
     */
    String fn;
    double argBound;

    Var(String name, String type, double bound) {
      this.name = name;
      this.type = type;
      this.bound = bound;
    }
  }

  /** A method's plan: what callers need to know to call it. */
  private static final class Plan {
    final String owner; // how code in the main class names its class: "F1", "F1.In", "G1"
    final String ownerClass; // the class declaring it
    final String name;
    final List<Var> params = new ArrayList<>();
    final Set<String> differentiated = new LinkedHashSet<>();
    String depthParam;
    double bound = LIMIT;
    boolean custom;
    /** Returns double[] with {@link #outputs} elements. */
    boolean vector;
    int outputs;
    /**
     * A vector method whose last statement returns an array it allocates at the top of its body
     * and that calls no vector method: flatgrad translates it where a loop or branch calls it.
     */
    boolean returnsOwnArray;
    boolean callsVector;
    /** Whether a parameter is a record (callers pass records only with RECORD_ARGUMENTS). */
    boolean takesRecord;
    /**
     * Whether the contract promises fHessianVector (for a vector method: through it to its
     * callers, once that is supported): cleared by what takes it away.
     */
    boolean secondOrder = true;
    // A method may name a local or parameter "java", or write java.lang.Math.f, never both:
    // javac resolves java.lang to the variable.
    final boolean javaIsName;

    Plan(String owner, String ownerClass, String name, boolean javaIsName) {
      this.javaIsName = javaIsName;
      this.owner = owner;
      this.ownerClass = ownerClass;
      this.name = name;
    }
  }

  /** Per-method generation state. */
  private final class Ctx {
    final Plan plan;
    final Deque<Map<String, Var>> scopes = new ArrayDeque<>();
    final List<Plan> callable;
    int budget;
    int loopDepth;
    int loopMultiplier = 1;
    int depth; // block nesting
    int calls;
    /** Whether a return statement was generated: later top-level code is guarded. */
    boolean mayHaveReturned;
    /** Inside the branches that assign a variable declared without an initializer. */
    int noJumps;
    /** The labels of the loops around the statement being generated, innermost first. */
    final Deque<String> loopLabels = new ArrayDeque<>();
    int labelCount;

    boolean inLoop() {
      return loopDepth > 0;
    }

    Ctx(Plan plan, List<Plan> callable, int budget) {
      this.plan = plan;
      this.callable = callable;
      this.budget = budget;
      scopes.push(new LinkedHashMap<>());
      for (Var p : plan.params) {
        scopes.peek().put(p.name, p);
        if (p.record != null) {
          // The body reads a record through its accessors: each value inside is a read-only
          // parameter named by its accessor chain, p.w() or p.inner().b().
          leaves(p, p.name, p.record);
        }
      }
    }

    private void leaves(Var root, String prefix, String record) {
      for (String[] component : recordDecls.get(record).components()) {
        String chain = prefix + "." + component[1] + "()";
        if (recordDecls.containsKey(component[0])) {
          leaves(root, chain, component[0]);
          continue;
        }
        Var leaf = param(chain, component[0], root.differentiated);
        scopes.peek().put(chain, leaf);
      }
    }

    List<Var> all() {
      List<Var> vars = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Map<String, Var> scope : scopes) {
        for (Var v : scope.values()) {
          if (seen.add(v.name)) {
            vars.add(v);
          }
        }
      }
      return vars;
    }

    List<Var> of(String type) {
      List<Var> vars = new ArrayList<>();
      for (Var v : all()) {
        if (v.type.equals(type) && v.initialized) {
          vars.add(v);
        }
      }
      return vars;
    }

    /** While an assert's condition is generated: see guard. */
    boolean noArrayArguments;
    /**
     * In an assert's message, which Java computes only when the condition fails: no calls that
     * flatgrad translates in place (record methods), which would run before it.
     */
    boolean noInPlaceCalls;
    /**
     * Every name freshName gave in this method: a lambda's parameters and locals avoid them, as
     * the local being declared may be in scope in the lambda ({@code double q = twice(q -> ...)}
     * does not compile).
     */
    final Set<String> named = new HashSet<>();
    /** Inside a lambda's body, how deep; and the helper calls with lambdas made so far. */
    int lambdaDepth;
    int lambdaCalls;

    /**
     * The parameter names of small classes' code translated in place in this method (a
     * constructor making a declared local, a method of a class whose fields change): see
     * value-class-code-twice.
     */
    final Set<String> classParameters = new HashSet<>();

    /**
     * The arrays the enhanced for loops around the statement run over: not rebound there
     * (flatgrad's element would follow the new array, Java's keeps the old one).
     */
    final Set<String> iterated = new HashSet<>();

    boolean taken(String name) {
      for (Map<String, Var> scope : scopes) {
        if (scope.containsKey(name)) {
          return true;
        }
      }
      return false;
    }

    void declare(Var v) {
      v.loopLevel = loopDepth;
      scopes.peek().put(v.name, v);
    }

    void push() {
      scopes.push(new LinkedHashMap<>());
      depth++;
    }

    void pop() {
      scopes.pop();
      depth--;
    }
  }

  private final List<String> classConstants = new ArrayList<>(); // double constants, as written
  private final Map<String, Double> constantBounds = new LinkedHashMap<>();
  private final Set<String> privateConstants = new HashSet<>();
  private final List<String> intConstants = new ArrayList<>();
  /** The largest magnitude in the table T0, or 0 without one. */
  private double tableBound;
  private boolean privateTable;
  /** Whether a table T1 of T0's length and access is declared too. */
  private boolean twoTables;
  private String mainClass;
  private String otherClass;

  /** A record type declared in the main class: components as {type, name}. */
  private record RecordDecl(String name, List<String[]> components, boolean differentiable) {}

  private final Map<String, RecordDecl> recordDecls = new LinkedHashMap<>();
  /** The constants of the enum Mode in the main class, or none. */
  private final List<String> enumConstants = new ArrayList<>();

  Generator(long seed, String tag) {
    this.seed = seed;
    this.r = new Random(seed);
    this.tag = tag;
  }

  // ---------------------------------------------------------------------------------------------
  // program

  Program program() {
    n = pick(new int[] {1, 2, 2, 3, 3, 3, 4, 4});
    m = 1 + r.nextInt(3);
    staticMath = chance(0.15);
    String main = "F" + tag;
    mainClass = main;
    otherClass = "G" + tag;
    List<String> imports = new ArrayList<>(List.of("dev.flatgrad.Activations",
        "dev.flatgrad.Differentiable"));
    if (staticMath) {
      imports.add("static java.lang.Math.*");
    }

    List<Member> mainMembers = new ArrayList<>();
    List<Member> otherMembers = new ArrayList<>();
    List<Member> nestedMembers = new ArrayList<>();
    String layout = pickString("single", "single", "single", "other", "nested");
    String other = "G" + tag;
    String nested = "In";

    // Constants.
    int constants = r.nextInt(3);
    for (int i = 0; i < constants; i++) {
      double value = pickDouble(0.25, 0.5, 0.75, 1.5, 2.0, -0.5, 0.1, 3.0);
      String name = "K" + i;
      String kind = pickString("static final double", "static final double",
          "private static final double", "static final double /*expr*/",
          "private static final double /*expr*/", "static double", "private static double");
      String text;
      if (kind.endsWith("/*expr*/")) {
        // Not a compile-time constant; a private one is copied into the generated class.
        text = kind.replace(" /*expr*/", "") + " " + name + " = Math.sqrt(" + Math.abs(value)
            + ");";
        value = Math.sqrt(Math.abs(value));
      } else {
        text = kind + " " + name + " = " + value + ";";
      }
      mainMembers.add(new Raw(name, text));
      if (text.startsWith("private")) {
        privateConstants.add(name);
      }
      classConstants.add(name);
      constantBounds.put(name, Math.abs(value));
    }
    if (chance(0.4)) {
      int value = 1 + r.nextInt(3);
      mainMembers.add(new Raw("C0", "static final int C0 = " + value + ";"));
      intConstants.add("C0");
    }
    if (chance(0.3)) {
      // A coefficient table of length n, read as T0[i]; private ones are copied.
      List<String> entries = new ArrayList<>();
      double largest = 0;
      for (int i = 0; i < n; i++) {
        double entry = pickDouble(0.25, -0.5, 1.5, 2.0, -1.25, 0.1);
        largest = Math.max(largest, Math.abs(entry));
        entries.add(chance(0.2) ? "Math.exp(" + entry + ")" : Double.toString(entry));
        largest = Math.max(largest, Math.exp(entry));
      }
      String modifiers = chance(0.5) ? "private static final" : "static final";
      if (chance(0.3)) {
        // Filled by a static block: a private one is read through a VarHandle, not copied.
        StringBuilder fill = new StringBuilder();
        for (int i = 0; i < n; i++) {
          fill.append("  T0[").append(i).append("] = ").append(entries.get(i)).append(";\n");
        }
        mainMembers.add(new Raw("T0", modifiers + " double[] T0 = new double[" + n + "];\n"
            + "static {\n" + fill + "}"));
      } else {
        mainMembers.add(new Raw("T0", modifiers + " double[] T0 = {"
            + String.join(", ", entries) + "};"));
      }
      if (chance(0.6)) {
        // A second table of the same length and access, which tableChoice chooses between.
        List<String> others = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          double entry = pickDouble(0.75, -1.0, 0.5, 1.25, -0.2);
          largest = Math.max(largest, Math.abs(entry));
          others.add(Double.toString(entry));
        }
        mainMembers.add(new Raw("T1", modifiers + " double[] T1 = {"
            + String.join(", ", others) + "};"));
        twoTables = true;
      }
      tableBound = largest;
      privateTable = modifiers.startsWith("private");
    }

    if (chance(0.3)) {
      declareRecords(mainMembers);
    }
    if (chance(ENUM_METHODS ? 0.3 : 0.2)) {
      declareEnum(mainMembers);
    }
    List<ClassDecl> valueClasses = new ArrayList<>();
    if (VALUE_RECORDS && chance(0.35)) {
      declareValueTypes(mainMembers, valueClasses);
      if (RECORD_CONSTANTS && layout.equals("single") && chance(0.3)
          && valueTypes.stream().anyMatch(t -> t.unit && !t.isPrivate)) {
        // Methods of another top-level class that read the records and their constants.
        layout = "other";
      }
    }
    if (LAMBDAS && chance(0.35)) {
      lambdaProgram = true;
      functionImports = chance(0.5);
      lambdaHelpersPrivate = chance(0.25);
    }

    // Custom rules.
    List<Plan> plans = new ArrayList<>();
    if (chance(0.25)) {
      customRules(main, plans, mainMembers);
    }
    // Stand-ins for the methods of a class without flatgrad annotations (@Differentiable(of)).
    List<Member> foreignMembers = new ArrayList<>();
    if (chance(0.2)) {
      standIns("H" + tag, plans, mainMembers, foreignMembers);
    }

    // Method plans.
    int count = 1 + r.nextInt(3);
    List<String> names = new ArrayList<>(List.of("f", "g", "h", "loss", "model", "step"));
    // No "fPullback" and the like: flatgrad rejects a method named like one it generates for
    // another; the malformed-input fuzzer checks that error (Mutator.MEMBERS).
    Collections.shuffle(names, r);
    for (int k = 0; k < count; k++) {
      boolean last = k == count - 1;
      String owner = main;
      String ownerClass = main;
      if (!last && layout.equals("other")) {
        owner = other;
        ownerClass = other;
      } else if (!last && layout.equals("nested")) {
        owner = chance(0.5) ? main + "." + nested : nested;
        ownerClass = nested;
      }
      Plan plan = new Plan(owner, ownerClass, names.get(k), chance(0.5));
      // Vector-valued methods (double[] results) do not recurse.
      plan.vector = chance(0.25);
      // A callee of the caller's own file may be a helper without @Differentiable, maybe
      // private: flatgrad differentiates it implicitly, with respect to all its parameters.
      boolean helper = !last && !ownerClass.equals(other) && chance(0.3);
      signature(plan, !plan.vector && chance(0.15), helper);
      List<Plan> callable = new ArrayList<>(plans);
      Method method = method(plan, callable, helper);
      plans.add(plan);
      if (ownerClass.equals(other)) {
        otherMembers.add(method);
      } else if (ownerClass.equals(nested)) {
        nestedMembers.add(method);
      } else {
        mainMembers.add(method);
      }
    }

    addLambdaHelpers(mainMembers, imports);
    addVoidHelpers(main, mainMembers);
    addVoidHelpers(other, otherMembers);
    addVoidHelpers(nested, nestedMembers);
    if (!nestedMembers.isEmpty()) {
      mainMembers.add(new ClassDecl(nested, "static", nestedMembers));
    }
    List<ClassDecl> classes = new ArrayList<>();
    classes.add(new ClassDecl(main, "", mainMembers));
    classes.addAll(valueClasses);
    if (!otherMembers.isEmpty()) {
      classes.add(new ClassDecl(other, "", otherMembers));
    }
    if (!foreignMembers.isEmpty()) {
      classes.add(new ClassDecl("H" + tag, "", foreignMembers));
    }
    return new Program("fuzz", imports, classes, n, m, seed);
  }

  private void addVoidHelpers(String ownerClass, List<Member> members) {
    for (String helper : voidHelpersUsed.getOrDefault(ownerClass, Set.of())) {
      members.add(new Raw(helper, VOID_HELPERS.get(helper)));
    }
  }

  private static final String[] COMPONENT_NAMES = {"a", "b", "c", "w", "v", "s", "bias", "xs"};

  /**
   * One to three record types in the main class: records of double, double[], double[][] (and
   * an earlier such record) that are differentiated, and data records with int and boolean
   * components (plus doubles and arrays read as data).
   */
  private void declareRecords(List<Member> members) {
    int count = 1 + r.nextInt(3);
    for (int k = 0; k < count; k++) {
      boolean differentiable = k == 0 || chance(0.6);
      String name = (differentiable ? "P" : "D") + k;
      List<String[]> components = new ArrayList<>();
      List<String> names = new ArrayList<>(List.of(COMPONENT_NAMES));
      Collections.shuffle(names, r);
      int size = 1 + r.nextInt(3);
      for (int c = 0; c < size; c++) {
        String type;
        List<String> nestable = recordDecls.values().stream()
            .filter(d -> d.differentiable() || !differentiable)
            .map(RecordDecl::name).toList();
        if (!nestable.isEmpty() && chance(0.2)) {
          type = nestable.get(r.nextInt(nestable.size()));
        } else if (differentiable) {
          type = weighted(new String[] {"double", "double[]", "double[][]"}, new int[] {4, 4, 2});
        } else {
          type = weighted(new String[] {"int", "boolean", "double", "double[]", "int[]"},
              new int[] {4, 3, 2, 2, 1});
        }
        components.add(new String[] {type, names.get(c)});
      }
      if (!differentiable && components.stream().noneMatch(c -> c[0].equals("int")
          || c[0].equals("boolean"))) {
        components.add(new String[] {"int", "k"}); // int data makes it a data record
      }
      recordDecls.put(name, new RecordDecl(name, components, differentiable));
      members.add(new Raw(name, "record " + name + "(" + String.join(", ", components.stream()
          .map(c -> c[0] + " " + c[1]).toList()) + ") {}"));
    }
  }

  /** The enum Mode in the main class, switched on and compared by data parameters. */
  private void declareEnum(List<Member> members) {
    List<String> all = List.of("LO", "MID", "HI", "OFF");
    enumConstants.addAll(all.subList(0, 2 + r.nextInt(3)));
    if (!ENUM_METHODS || chance(0.3)) {
      members.add(new Raw("Mode", "enum Mode { " + String.join(", ", enumConstants) + " }"));
      return;
    }
    // Methods the bodies call as written: data, whose results carry no derivative.
    String first = enumConstants.get(0);
    StringBuilder text = new StringBuilder("enum Mode {\n");
    boolean field = chance(0.3);
    List<String> constants = new ArrayList<>();
    for (String c : enumConstants) {
      double scale = pickDouble(0.5, 1.5, 2.0, 0.25, 1.0);
      enumScale = Math.max(enumScale, scale);
      constants.add(field ? c + "(" + scale + ")" : c);
    }
    text.append("  ").append(String.join(", ", constants)).append(";\n");
    if (field) {
      text.append("\n  private final double w;\n\n  Mode(double w) {\n    this.w = w;\n  }\n");
    }
    List<String> methods = new ArrayList<>(List.of("sign", "weight", "isFirst", "scale"));
    Collections.shuffle(methods, r);
    for (String method : methods.subList(0, 1 + r.nextInt(methods.size()))) {
      enumMethods.add(method);
      text.append('\n');
      String modifier = chance(0.2) ? "public " : "";
      switch (method) {
        case "sign" -> text.append(chance(0.5)
            ? "  " + modifier + "double sign() {\n    return this == " + first
                + " ? 1.0 : -1.0;\n  }\n"
            : "  " + modifier + "double sign() {\n    if (this == " + first
                + ") {\n      return 1.0;\n    }\n    return -1.0;\n  }\n");
        case "weight" -> text.append("  " + modifier + "int weight(int k) {\n    return this == "
            + first + " ? k : " + pick(new int[] {2, 3}) + " * k;\n  }\n");
        case "isFirst" -> text.append("  " + modifier + "boolean isFirst() {\n    return this == "
            + first + ";\n  }\n");
        default -> {
          if (field) {
            text.append("  " + modifier + "double scale() {\n    return w;\n  }\n");
          } else {
            text.append("  " + modifier + "double scale() {\n    switch (this) {\n");
            for (int i = 0; i < enumConstants.size() - 1; i++) {
              double scale = pickDouble(0.5, 1.5, 2.0, 0.25);
              enumScale = Math.max(enumScale, scale);
              text.append("      case ").append(enumConstants.get(i)).append(":\n        return ")
                  .append(scale).append(";\n");
            }
            text.append("      default:\n        return 1.0;\n    }\n  }\n");
          }
        }
      }
    }
    members.add(new Raw("Mode", text.append("}").toString()));
  }

  /** The methods of Mode (sign, weight, isFirst, scale), and the largest scale. */
  private final Set<String> enumMethods = new LinkedHashSet<>();
  private double enumScale = 1;

  /**
   * A receiver of Mode's methods: an enum parameter or local in scope (captured, in a lambda),
   * or a constant ({@code Mode.LO.sign()}).
   */
  private E enumReceiver(Ctx ctx) {
    List<Var> modes = ctx.of("enum");
    if (modes.isEmpty() || chance(0.2)) {
      return enumConstant(ctx);
    }
    return E.leaf("enum", modes.get(r.nextInt(modes.size())).name, 0);
  }

  /**
   * {@code Mode m = mode;} or one chosen by a condition, whose methods are called later; some
   * are reassigned later ({@link #assignEnum}), so loops change them between calls.
   */
  private void declareEnumLocal(Ctx ctx, List<Node> out) {
    String name = freshName(ctx, new String[] {"md", "sel", "kind2"});
    E value = enumValue(ctx);
    boolean reassigned = chance(0.35);
    boolean isFinal = !reassigned && chance(0.5);
    out.add(Line.of((isFinal ? "final " : "") + mainType(ctx, "Mode") + " " + name + " = ", value,
        ";"));
    Var v = new Var(name, "enum", 0);
    v.assignable = reassigned;
    v.finalLocal = !reassigned; // a lambda captures only those never assigned
    ctx.declare(v);
  }

  /** An enum local reassigned, in a loop mostly: {@code md = i % 2 == 0 ? Mode.LO : mode;}. */
  private void assignEnum(Ctx ctx, List<Node> out) {
    List<Var> targets = reassignedEnums(ctx);
    Var v = targets.get(r.nextInt(targets.size()));
    out.add(Line.of(v.name + " = ", enumValue(ctx), ";"));
  }

  private static List<Var> reassignedEnums(Ctx ctx) {
    List<Var> targets = new ArrayList<>();
    for (Var v : ctx.of("enum")) {
      if (v.assignable && !v.param) {
        targets.add(v);
      }
    }
    return targets;
  }

  /** A Mode value: a constant, a variable, or one of them chosen by a condition. */
  private E enumValue(Ctx ctx) {
    List<Var> modes = ctx.of("enum");
    return modes.isEmpty() || chance(0.5)
        ? E.ternary("enum", genCondition(ctx, 1), enumConstant(ctx),
            modes.isEmpty() ? enumConstant(ctx) : enumReceiver(ctx), 0)
        : enumReceiver(ctx);
  }

  /** An int that depends on no differentiated value: a literal, a constant, a counter. */
  private E passiveInt(Ctx ctx) {
    List<E> options = new ArrayList<>();
    options.add(E.leaf("int", Integer.toString(r.nextInt(4)), 3));
    for (Var v : ctx.all()) {
      if (v.type.equals("int") && v.initialized && v.known && v.bound <= 10) {
        options.add(E.leaf("int", v.name, v.bound));
      }
    }
    for (String c : intConstants) {
      options.add(E.leaf("int", ctx.plan.ownerClass.equals(otherClass) ? mainClass + "." + c
          : c, 3));
    }
    return options.get(r.nextInt(options.size()));
  }

  /** Whether expressions of {@code ctx}'s method may call Mode's methods. */
  private boolean enumMethodsHere(Ctx ctx) {
    return !enumMethods.isEmpty() && (!ctx.of("enum").isEmpty() || chance(0.3));
  }

  /** A number from Mode's methods: {@code mode.sign() * e}, {@code mode.weight(k)}, ... */
  private E enumMethodNumber(Ctx ctx, int depth) {
    String method = List.copyOf(enumMethods).get(r.nextInt(enumMethods.size()));
    E receiver = enumReceiver(ctx);
    switch (method) {
      case "sign", "scale" -> {
        double bound = method.equals("sign") ? 1 : enumScale;
        E call = method("double", receiver, method, bound);
        if (chance(0.25)) {
          return call;
        }
        E a = genNumber(ctx, depth - 1);
        return chance(0.5)
            ? E.binary("double", "*", Model.MULTIPLICATIVE, call, a, bound * a.bound)
            : E.binary("double", "*", Model.MULTIPLICATIVE, a, call, bound * a.bound);
      }
      case "weight" -> {
        E k = passiveInt(ctx);
        return method("int", receiver, "weight", 3 * k.bound, k);
      }
      default -> {
        E a = genNumber(ctx, depth - 1);
        E b = genNumber(ctx, depth - 1);
        return E.ternary(promote(a, b), method("boolean", receiver, "isFirst", 0), a, b,
            Math.max(a.bound, b.bound));
      }
    }
  }

  /** How code in {@code ctx}'s method names a type declared in the main class. */
  private String mainType(Ctx ctx, String simple) {
    return ctx.plan.ownerClass.equals(otherClass) ? mainClass + "." + simple : simple;
  }

  /**
   * Methods of a class without flatgrad annotations ({@code foreign}, another top-level class of
   * the file), each with a stand-in {@code @Differentiable(of = ...)} in the main class: one
   * differentiated through its body, one through a custom pullback with a tangent rule, one
   * through a custom pullback alone (its callers have no second order). Callers call the
   * foreign methods.
   */
  private void standIns(String foreign, List<Plan> plans, List<Member> mainMembers,
      List<Member> foreignMembers) {
    List<String> kinds = new ArrayList<>(List.of("bump", "wave", "spread", "soft"));
    Collections.shuffle(kinds, r);
    String mark = "/** " + EXPECTS_SECOND_ORDER + ". */\n";
    for (String kind : kinds.subList(0, 1 + r.nextInt(2))) {
      Plan plan = new Plan(foreign, foreign, kind, false);
      plan.custom = true;
      switch (kind) {
        case "bump" -> {
          String body = """
              static double bump(double x, double y) {
                return x * y / (1 + x * x);
              }""";
          foreignMembers.add(new Raw("bump", body));
          mainMembers.add(new Raw("bump", mark + "@Differentiable(of = " + foreign
              + ".class)\n" + body));
          plan.params.add(param("x", "double", true));
          plan.params.add(param("y", "double", true));
          plan.bound = 2;
        }
        case "wave" -> {
          foreignMembers.add(new Raw("wave", """
              static double wave(double x) {
                return Math.sin(x) * Math.exp(-0.25 * x * x);
              }"""));
          mainMembers.add(new Raw("wave", mark + """
              @Differentiable(of = %1$s.class, pullback = "wavePullback", tangent = "waveAlong")
              static double wave(double x) {
                return %1$s.wave(x);
              }

              record WavePullback(double value, double x) {}

              static WavePullback wavePullback(double x, double upstream) {
                double e = Math.exp(-0.25 * x * x);
                return new WavePullback(%1$s.wave(x),
                    upstream * (Math.cos(x) - 0.5 * x * Math.sin(x)) * e);
              }

              @Differentiable(wrt = "x")
              static double waveAlong(double x, double dot_x) {
                double e = Math.exp(-0.25 * x * x);
                return (Math.cos(x) - 0.5 * x * Math.sin(x)) * e * dot_x;
              }""".formatted(foreign)));
          plan.params.add(param("x", "double", true));
          plan.bound = 1;
        }
        case "spread" -> {
          String body = """
              static double spread(double[] v) {
                double s = 0;
                for (int i = 0; i < v.length; i++) {
                  s += Math.sin(v[i]) * v[i];
                }
                return s;
              }""";
          foreignMembers.add(new Raw("spread", body));
          mainMembers.add(new Raw("spread", mark + "@Differentiable(of = " + foreign
              + ".class)\n" + body));
          plan.params.add(param("v", "double[]", true));
          plan.bound = 2.0 * n;
        }
        default -> {
          foreignMembers.add(new Raw("soft", """
              static double soft(double x) {
                return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
              }"""));
          mainMembers.add(new Raw("soft", """
              @Differentiable(of = %1$s.class, pullback = "softPullback")
              static double soft(double x) {
                return %1$s.soft(x);
              }

              record SoftPullback(double value, double x) {}

              static SoftPullback softPullback(double x, double upstream) {
                return new SoftPullback(%1$s.soft(x), upstream / (1 + Math.exp(-x)));
              }""".formatted(foreign)));
          plan.params.add(param("x", "double", true));
          plan.bound = LIMIT;
          plan.secondOrder = false; // a custom pullback without a tangent rule
        }
      }
      plan.params.forEach(v -> plan.differentiated.add(v.name));
      plans.add(plan);
    }
  }

  /**
   * Methods with hand-written pullbacks, correct by construction, that others may call; all but
   * sc with a tangent rule, so that they and their callers have Hessian-vector products.
   */
  private void customRules(String main, List<Plan> plans, List<Member> members) {
    int which = r.nextInt(4);
    if (which == 0) {
      members.add(new Raw("sq", """
          /** Expects fHessianVector. */
          @Differentiable(pullback = "sqPullback", tangent = "sqAlong")
          static double sq(double u) {
            return u * u / (1 + u * u);
          }"""));
      members.add(new Raw("SqPullback", "record SqPullback(double value, double u) {}"));
      members.add(new Raw("sqPullback", """
          static SqPullback sqPullback(double u, double upstream) {
            double d = 1 + u * u;
            return new SqPullback(u * u / d, upstream * 2 * u / (d * d));
          }"""));
      members.add(new Raw("sqAlong", """
          @Differentiable(wrt = "u")
          static double sqAlong(double u, double dot_u) {
            double d = 1 + u * u;
            return 2 * u / (d * d) * dot_u;
          }"""));
      Plan plan = new Plan(main, main, "sq", false);
      plan.params.add(param("u", "double", true));
      plan.differentiated.add("u");
      plan.bound = 1;
      plan.custom = true;
      plans.add(plan);
    } else if (which == 1) {
      members.add(new Raw("nrm", """
          /** Expects fHessianVector. */
          @Differentiable(pullback = "nrmPullback", tangent = "nrmAlong")
          static double nrm(double[] v) {
            double s = 1;
            for (int i = 0; i < v.length; i++) {
              s += v[i] * v[i];
            }
            return Math.sqrt(s);
          }"""));
      members.add(new Raw("nrmPullback", """
          static double nrmPullback(double[] v, double upstream, double[] gradV) {
            double r = nrm(v);
            for (int i = 0; i < v.length; i++) {
              gradV[i] += upstream * v[i] / r;
            }
            return r;
          }"""));
      members.add(new Raw("nrmAlong", """
          @Differentiable(wrt = "v")
          static double nrmAlong(double[] v, double[] dot_v) {
            double s = 1;
            double t = 0;
            for (int i = 0; i < v.length; i++) {
              s += v[i] * v[i];
              t += v[i] * dot_v[i];
            }
            return t / Math.sqrt(s);
          }"""));
      Plan plan = new Plan(main, main, "nrm", false);
      plan.params.add(param("v", "double[]", true));
      plan.differentiated.add("v");
      plan.bound = 5;
      plan.custom = true;
      plans.add(plan);
    } else if (which == 2) {
      members.add(new Raw("sc", """
          @Differentiable(wrt = "a", pullback = "scPullback")
          static double sc(double a, double[] v) {
            return Math.sin(a) * v[0];
          }"""));
      members.add(new Raw("ScPullback", "record ScPullback(double value, double a) {}"));
      members.add(new Raw("scPullback", """
          static ScPullback scPullback(double a, double[] v, double upstream) {
            return new ScPullback(Math.sin(a) * v[0], upstream * Math.cos(a) * v[0]);
          }"""));
      Plan plan = new Plan(main, main, "sc", false);
      plan.params.add(param("a", "double", true));
      plan.params.add(param("v", "double[]", false));
      plan.differentiated.add("a");
      plan.bound = 2;
      plan.custom = true;
      plan.secondOrder = false; // no tangent rule
      plans.add(plan);
    } else {
      members.add(new Raw("bil", """
          /** Expects fHessianVector. */
          @Differentiable(pullback = "bilPullback", tangent = "bilAlong")
          static double bil(double[][] w, double s) {
            double t = 0;
            for (int i = 0; i < w.length; i++) {
              for (int j = 0; j < w[i].length; j++) {
                t += w[i][j];
              }
            }
            return Math.tanh(s * t);
          }"""));
      members.add(new Raw("BilPullback", "record BilPullback(double value, double s) {}"));
      members.add(new Raw("bilPullback", """
          static BilPullback bilPullback(double[][] w, double s, double upstream,
              double[][] gradW) {
            double t = 0;
            for (int i = 0; i < w.length; i++) {
              for (int j = 0; j < w[i].length; j++) {
                t += w[i][j];
              }
            }
            double r = Math.tanh(s * t);
            double d = upstream * (1 - r * r);
            for (int i = 0; i < w.length; i++) {
              for (int j = 0; j < w[i].length; j++) {
                gradW[i][j] += d * s;
              }
            }
            return new BilPullback(r, d * t);
          }"""));
      members.add(new Raw("bilAlong", """
          @Differentiable(wrt = {"w", "s"})
          static double bilAlong(double[][] w, double s, double[][] dot_w, double dot_s) {
            double t = 0;
            double dt = 0;
            for (int i = 0; i < w.length; i++) {
              for (int j = 0; j < w[i].length; j++) {
                t += w[i][j];
                dt += dot_w[i][j];
              }
            }
            double r = Math.tanh(s * t);
            return (1 - r * r) * (dot_s * t + s * dt);
          }"""));
      Plan plan = new Plan(main, main, "bil", false);
      plan.params.add(param("w", "double[][]", true));
      plan.params.add(param("s", "double", true));
      plan.differentiated.add("w");
      plan.differentiated.add("s");
      plan.bound = 1;
      plan.custom = true;
      plans.add(plan);
    }
  }

  private Var param(String name, String type, boolean differentiated) {
    Var v = new Var(name, type, 2);
    v.param = true;
    v.differentiated = differentiated;
    v.assignable = false;
    if (type.equals("int")) {
      v.known = true;
      v.lo = 0;
      v.hi = 3;
      v.bound = 3;
    }
    v.indexSafe = type.equals("int[]");
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // signatures

  private static final String[] DOUBLE_NAMES = {"x", "y", "w", "b", "z", "lr", "theta"};
  private static final String[] ODD_DOUBLE_NAMES = {"upstream", "grad_x", "t0", "x_1", "tape",
      "trips", "pulled", "t", "wait", "hashCode", "toString", "getClass", "clone", "finalize",
      "notify", "notifyAll", "dot_x", "dot_dot_x", "along_x", "hessian", "frame", "guard",
      "saved", "top", "Arrays", "Tape", "java", "dev"};
  private static final String[] VECTOR_NAMES = {"a", "v", "xs", "ws", "c"};

  /** The odd parameter names the program has used, in any method. */
  private final Set<String> oddParameterNames = new HashSet<>();

  /**
   * An odd parameter name free in the method; never Tape where a parameter is called dev, nor
   * the reverse: the pair is an error by the contract (the generated code must name
   * dev.flatgrad.Tape, which dev would hide).
   */
  private String oddParameterName(Set<String> used) {
    Set<String> taken = new HashSet<>(used);
    if (oddParameterNames.contains("dev")) {
      taken.add("Tape");
    }
    if (oddParameterNames.contains("Tape")) {
      taken.add("dev");
    }
    String name = pickFree(ODD_DOUBLE_NAMES, taken);
    if (name != null) {
      oddParameterNames.add(name);
    }
    return name;
  }
  private static final String[] MATRIX_NAMES = {"mat", "W", "A"};

  private void signature(Plan plan, boolean recursive, boolean helper) {
    int count = 1 + r.nextInt(4);
    Set<String> used = new HashSet<>();
    if (!plan.javaIsName) {
      used.add("java");
    }
    List<Var> params = new ArrayList<>();
    List<String> records = new ArrayList<>(recordDecls.keySet());
    for (int i = 0; i < count; i++) {
      String type = weighted(new String[] {"double", "double[]", "double[][]", "int", "int[]",
          "boolean", "boolean[]", "record", "enum"}, new int[] {40, 20, 8, 12, 7, 8, 5,
          records.isEmpty() ? 0 : 16,
          enumConstants.isEmpty() ? 0 : enumMethods.isEmpty() ? 8 : 16});
      if (type.equals("record")) {
        String name = pickFree(new String[] {"m", "p", "q", "data", "net"}, used);
        if (name == null) {
          continue;
        }
        used.add(name);
        String record = records.get(r.nextInt(records.size()));
        Var v = param(name, "record", false);
        v.record = record;
        params.add(v);
        plan.takesRecord = true;
        continue;
      }
      String name = switch (type) {
        case "enum" -> pickFree(new String[] {"mode", "kind"}, used);
        case "double" -> chance(0.1) ? oddParameterName(used)
            : pickFree(DOUBLE_NAMES, used);
        case "double[]" -> pickFree(VECTOR_NAMES, used);
        case "double[][]" -> pickFree(MATRIX_NAMES, used);
        case "int" -> pickFree(new String[] {"n", "k", "steps"}, used);
        case "int[]" -> pickFree(new String[] {"idx", "perm"}, used);
        case "boolean" -> pickFree(new String[] {"flag", "on"}, used);
        default -> pickFree(new String[] {"mask", "keep"}, used);
      };
      if (name == null) {
        continue;
      }
      used.add(name);
      params.add(param(name, type, false));
    }
    if (chance(0.01)) {
      plan.secondOrder = false;
      // Past 63 doubles the tangent and Hessian-vector methods exceed Java's parameter slots.
      int extra = 58 + r.nextInt(10);
      for (int i = 0; i < extra; i++) {
        String name = "p" + i;
        if (used.add(name)) {
          params.add(param(name, "double", false));
        }
      }
    }
    if (params.stream().noneMatch(p -> isDifferentiable(p.type) && p.record == null)) {
      String name = pickFree(DOUBLE_NAMES, used);
      used.add(name);
      params.add(r.nextInt(params.size() + 1), param(name, "double", false));
    }
    if (recursive) {
      String name = pickFree(new String[] {"depth", "d", "level"}, used);
      Var depth = param(name, "int", false);
      params.add(r.nextInt(params.size() + 1), depth);
      plan.depthParam = name;
    }
    plan.params.addAll(params);

    List<Var> differentiable = params.stream().filter(this::differentiable).toList();
    List<String> wrt = new ArrayList<>();
    if (!helper && plan.vector && !RECORD_JACOBIANS
        && differentiable.stream().anyMatch(p -> p.record != null)) {
      // A Jacobian with respect to a record waits for records15: leave records out of wrt.
      for (Var p : differentiable) {
        if (p.record == null && (wrt.isEmpty() || chance(0.7))) {
          wrt.add(p.name);
        }
      }
      Collections.shuffle(wrt, r);
    } else if (!helper && chance(0.3)) {
      for (Var p : differentiable) {
        if (chance(0.6)) {
          wrt.add(p.name);
        }
      }
      if (wrt.isEmpty()) {
        wrt.add(differentiable.get(r.nextInt(differentiable.size())).name);
      }
      Collections.shuffle(wrt, r);
    }
    for (Var p : differentiable) {
      p.differentiated = wrt.isEmpty() || wrt.contains(p.name);
      if (p.differentiated) {
        plan.differentiated.add(p.name);
      }
    }
    // Differentiated scalars may be reassigned; data parameters stay as passed (they are
    // handed to callees as constants).
    for (Var p : params) {
      p.assignable = p.type.equals("double") && p.differentiated && chance(0.7);
    }
    wrtText.put(plan, wrt);
  }

  private final Map<Plan, List<String>> wrtText = new LinkedHashMap<>();

  private static boolean isDifferentiable(String type) {
    return type.equals("double") || type.equals("double[]") || type.equals("double[][]");
  }

  /** Whether a parameter is differentiable: a double, its arrays, a record of them. */
  private boolean differentiable(Var p) {
    return p.record != null ? recordDecls.get(p.record).differentiable()
        : isDifferentiable(p.type);
  }

  // ---------------------------------------------------------------------------------------------
  // methods

  private Method method(Plan plan, List<Plan> callable, boolean helper) {
    List<Plan> targets = new ArrayList<>(callable);
    if (plan.depthParam != null) {
      targets.add(plan);
    }
    Ctx ctx = new Ctx(plan, targets, 6 + r.nextInt(16));
    qualifiedMath = !plan.javaIsName;
    List<Node> body = new ArrayList<>();
    if (plan.depthParam != null) {
      // The base case must not recurse.
      E base = squash(genDouble(new Ctx(plan, callable, 1), 2), 3);
      body.add(new Compound("if", List.of(new Segment(
          List.of("if (" + plan.depthParam + " <= 0) {"),
          List.of(Line.jump("return ", base, ";")))), List.of("}")));
      ctx.mayHaveReturned = true;
    }
    if (plan.vector && chance(0.4)) {
      // An output array the body may write, returned at the end.
      declareArray(ctx, body, "double[]");
    }
    if (!plan.vector && chance(0.01)) {
      // An early return, then a body too long for one method: the splitter must cut the code
      // under the returned flag. (A method returning double[] returns once, at its end.)
      earlyReturn(ctx, body);
      block(ctx, body, 120 + r.nextInt(100), true);
    } else {
      block(ctx, body, 2 + r.nextInt(6), true);
    }
    if (plan.vector) {
      vectorReturn(ctx, body);
    } else {
      E result = returnValue(ctx);
      plan.bound = Math.min(result.bound, LIMIT);
      body.add(Line.jump("return ", result, ";"));
    }

    List<String> wrt = wrtText.get(plan);
    String annotation = wrt.isEmpty() ? "@Differentiable"
        : wrt.size() == 1 && chance(0.5) ? "@Differentiable(wrt = \"" + wrt.get(0) + "\")"
        : "@Differentiable(wrt = {" + String.join(", ", wrt.stream().map(w -> "\"" + w + "\"")
            .toList()) + "})";
    List<String> params = new ArrayList<>();
    for (Var p : plan.params) {
      String type = p.record != null ? mainType(ctx, p.record)
          : p.type.equals("enum") ? mainType(ctx, "Mode") : p.type;
      params.add(type + " " + p.name);
    }
    String modifiers = pickString("static", "static", "static", "public static");
    if (helper) {
      annotation = "/** A helper, differentiated for its callers. */";
      modifiers = pickString("static", "private static");
    } else if (plan.secondOrder && !plan.vector) {
      // A vector method has no Hessian-vector product of its own (its secondOrder says whether
      // its callers can have one through it).
      annotation = "/** " + EXPECTS_SECOND_ORDER + ". */\n" + annotation;
    }
    String header = annotation + "\n" + modifiers + (plan.vector ? " double[] " : " double ")
        + plan.name + "(" + String.join(", ", params) + ")";
    return new Method(plan.name, header, body);
  }

  /**
   * A vector method's only return, its last statement: a local double[] of length n in scope,
   * or {@code new double[] {...}} of a few outputs (n of them when callers may call it).
   */
  private void vectorReturn(Ctx ctx, List<Node> body) {
    Plan plan = ctx.plan;
    List<Var> locals = new ArrayList<>();
    for (Var v : ctx.of("double[]")) {
      if (!v.param) {
        locals.add(v);
      }
    }
    if (!locals.isEmpty() && chance(0.6)) {
      Var out = locals.get(r.nextInt(locals.size()));
      plan.outputs = n;
      plan.bound = Math.min(out.bound, LIMIT);
      plan.returnsOwnArray = out.allocated && !plan.callsVector;
      body.add(Line.jump("return " + out.name + ";"));
      return;
    }
    plan.outputs = chance(0.7) ? n : 1 + r.nextInt(5);
    List<Object> parts = new ArrayList<>();
    double bound = 0;
    for (int i = 0; i < plan.outputs; i++) {
      E element = i > 0 && chance(0.15) ? literal() : squash(returnValue(ctx), LIMIT);
      bound = Math.max(bound, element.bound);
      parts.add(i == 0 ? "" : ", ");
      parts.add(element);
    }
    plan.bound = Math.min(bound, LIMIT);
    if (chance(0.3)) {
      String name = freshName(ctx, new String[] {"res", "outs", "f2"});
      List<Object> line = new ArrayList<>();
      line.add(pickString("double[] ", "final double[] ") + name + " = {");
      line.addAll(parts);
      line.add("};");
      body.add(Line.of(line.toArray()));
      body.add(Line.jump("return " + name + ";"));
      plan.returnsOwnArray = !plan.callsVector;
    } else {
      List<Object> line = new ArrayList<>();
      line.add("return new double[] {");
      line.addAll(parts);
      line.add("};");
      body.add(Line.jump(line.toArray()));
      plan.returnsOwnArray = !plan.callsVector; // translated in place in a loop, too
    }
  }

  /**
   * {@code double[] r = g(...);} at the top level of the body: a call of a vector method with n
   * outputs, whose result is a local array like any other.
   */
  private void vectorCall(Ctx ctx, List<Node> out, boolean topLevel) {
    List<Plan> targets = topLevel ? vectorTargets(ctx) : inlinedVectorTargets(ctx);
    Plan target = targets.get(r.nextInt(targets.size()));
    List<E> arguments = new ArrayList<>();
    for (Var p : target.params) {
      // f(axpy(h, k, x)): inside loops and branches, and at the top level of a body, where the
      // outer method differentiates the parameter (its result depends on the derivatives').
      E argument = p.type.equals("double[]") && (topLevel
          ? NEW_SHAPES && target.differentiated.contains(p.name) && chance(0.5)
          : chance(0.5))
          ? innerVectorCall(ctx, target)
          : null;
      if (argument == null) {
        argument = argument(ctx, target, p, 2);
      }
      // Inlined, the callee's arrays are sized by its parameters' lengths, fixed only for
      // arrays (not rows whose index may change).
      if (argument == null || !topLevel && p.type.endsWith("]")
          && argument.render().contains("[")) {
        declareDouble(ctx, out);
        return;
      }
      arguments.add(argument);
    }
    ctx.calls++;
    ctx.plan.callsVector = true;
    String callee = target.ownerClass.equals(ctx.plan.ownerClass) && chance(0.8) ? target.name
        : target.owner + "." + target.name;
    E call = E.call("double[]", callee, target.bound, arguments.toArray(E[]::new));
    calling(ctx, target);
    List<Var> rebindable = new ArrayList<>();
    for (Var v : ctx.of("double[]")) {
      if (v.rebindable && !v.param && !v.lengthRead && !ctx.iterated.contains(v.name)) {
        rebindable.add(v);
      }
    }
    // Rebound only to the array a method of this class makes, translated in place (the arrays
    // it takes are arrays, not rows or initializers): flatgrad's rule for reallocated arrays.
    boolean inPlace = inlinedVectorTargets(ctx).contains(target);
    for (int i = 0; i < arguments.size(); i++) {
      if (target.params.get(i).type.endsWith("]") && arguments.get(i).render().contains("[")) {
        inPlace = false;
      }
    }
    if (NEW_SHAPES && inPlace && !rebindable.isEmpty() && chance(0.6)) {
      // u = solve(..., u): a local array rebound to the array the method makes, as a time
      // loop steps its state.
      Var u = rebindable.get(r.nextInt(rebindable.size()));
      out.add(Line.of(u.name + " = ", call, ";"));
      u.bound = Math.max(u.bound, target.bound);
      u.variableSize = true;
      return;
    }
    String name = freshName(ctx, new String[] {"r", "rs", "outs", "resid"});
    String declared = pickString("double[] ", "double[] ", "var ", "final double[] ");
    out.add(Line.of(declared + name + " = ", call, ";"));
    Var v = new Var(name, "double[]", target.bound);
    v.assignable = false;
    // Not rebound: an array reallocated later is initialized with a new array (flatgrad's rule).
    ctx.declare(v);
  }

  /**
   * {@code g(x, w)} as an argument of the inlined vector call of {@code outer}, inside a loop or
   * branch ({@code f(axpy(h, k1, y))} of RK4 steps): another inlined vector method with n
   * outputs, its own arguments plain; null if none fits.
   */
  private E innerVectorCall(Ctx ctx, Plan outer) {
    List<Plan> inner = new ArrayList<>();
    for (Plan plan : inlinedVectorTargets(ctx)) {
      if (plan.outputs == n) { // the outer method too: model(model(v))
        inner.add(plan);
      }
    }
    if (inner.isEmpty()) {
      return null;
    }
    Plan target = inner.get(r.nextInt(inner.size()));
    List<E> arguments = new ArrayList<>();
    for (Var p : target.params) {
      E argument = argument(ctx, target, p, 2);
      if (argument == null || p.type.endsWith("]") && argument.render().contains("[")) {
        return null;
      }
      arguments.add(argument);
    }
    ctx.calls++;
    calling(ctx, target);
    String callee = target.ownerClass.equals(ctx.plan.ownerClass) ? target.name
        : target.owner + "." + target.name;
    return E.call("double[]", callee, target.bound, arguments.toArray(E[]::new));
  }

  /**
   * Vector methods a loop or branch may call: flatgrad translates their bodies there, so they
   * are in this class, return an array they allocate, and have no custom rule or record.
   */
  private List<Plan> inlinedVectorTargets(Ctx ctx) {
    List<Plan> targets = new ArrayList<>();
    for (Plan plan : vectorTargets(ctx)) {
      if (plan.returnsOwnArray && plan.ownerClass.equals(ctx.plan.ownerClass) && !plan.custom
          && !plan.takesRecord && plan.depthParam == null) {
        targets.add(plan);
      }
    }
    return targets;
  }

  /** Vector methods the method may call: n outputs, so their results are vectors. */
  private List<Plan> vectorTargets(Ctx ctx) {
    List<Plan> targets = new ArrayList<>();
    for (Plan plan : ctx.callable) {
      if (plan.vector && plan.outputs == n && plan != ctx.plan
          && (RECORD_ARGUMENTS || !plan.takesRecord)) {
        targets.add(plan);
      }
    }
    return targets;
  }

  /** What a call of {@code target} does to the caller's promise of second order. */
  private void calling(Ctx ctx, Plan target) {
    boolean through = SECOND_ORDER_THROUGH_VECTORS || !target.vector && !target.takesRecord;
    if (!target.secondOrder || !through) {
      ctx.plan.secondOrder = false;
    }
  }

  private E returnValue(Ctx ctx) {
    List<E> terms = new ArrayList<>();
    List<Var> doubles = ctx.of("double");
    Collections.reverse(doubles); // most recent first
    for (Var v : doubles) {
      if (terms.size() >= 4) {
        break;
      }
      if (chance(0.7)) {
        terms.add(read(ctx, v));
      }
    }
    for (Var v : ctx.of("double[]")) {
      if (!v.param && chance(0.6)) {
        terms.add(E.leaf("double", v.name + "[" + r.nextInt(n) + "]", v.bound));
      }
    }
    for (Var v : ctx.of("double[][]")) {
      if (!v.param && chance(0.6)) {
        terms.add(E.leaf("double", v.name + "[" + r.nextInt(n) + "][" + r.nextInt(m) + "]",
            v.bound));
      }
    }
    if (terms.isEmpty() || chance(0.4)) {
      terms.add(genDouble(ctx, 2));
    }
    E sum = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      E term = terms.get(i);
      if (chance(0.3)) {
        term = E.binary("double", "*", Model.MULTIPLICATIVE, term,
            literal(), term.bound * 3);
      }
      sum = chance(0.8)
          ? E.binary("double", "+", Model.ADDITIVE, sum, term, sum.bound + term.bound)
          : E.binary("double", "-", Model.ADDITIVE, sum, term, sum.bound + term.bound);
    }
    if (sum.type.equals("int")) {
      sum = E.cast("double", sum, sum.bound);
    }
    return sum.bound > 50 ? squash(sum, 10) : sum;
  }

  // ---------------------------------------------------------------------------------------------
  // statements

  private void block(Ctx ctx, List<Node> out, int count, boolean topLevel) {
    for (int i = 0; i < count && ctx.budget > 0; i++) {
      statement(ctx, out, topLevel);
    }
  }

  private List<Node> nested(Ctx ctx, int count) {
    List<Node> body = new ArrayList<>();
    ctx.push();
    block(ctx, body, count, false);
    ctx.pop();
    return body;
  }

  private void statement(Ctx ctx, List<Node> out, boolean topLevel) {
    ctx.budget--;
    boolean canNest = ctx.depth < 3;
    boolean hasLocalArray = !writableArrays(ctx).isEmpty();
    // Local arrays may be declared anywhere; nested ones less often.
    boolean arrays = !(ctx.mayHaveReturned && avoid.contains("array-after-return"));
    boolean jumps = !(ctx.noJumps > 0 && avoid.contains("jump-in-split"));
    String kind = weighted(
        new String[] {"double", "int", "boolean", "array", "split", "assign", "assignInt",
            "assignBool", "store", "if", "ifElse", "elseIf", "for", "while", "do", "block",
            "empty", "jump", "return", "each", "switch", "guard", "voidCall", "batch",
            "vectorCall", "idiom", "value", "doUntil", "lambda", "enumLocal", "assignEnum"},
        new int[] {22, 5, 3, arrays ? (topLevel ? 10 : 3) : 0, 3, 20, 4, 2, hasLocalArray ? 14 : 0,
            canNest ? 9 : 0, canNest ? 6 : 0, canNest ? 2 : 0, canNest ? 14 : 0, canNest ? 4 : 0,
            canNest ? 3 : 0, canNest ? 1 : 0, 1, ctx.inLoop() && jumps ? 7 : 0,
            jumps && !ctx.plan.vector ? 2 : 0, // a vector method returns once, at its end
            canNest && !iterable(ctx).isEmpty() ? 5 : 0,
            canNest && !selectors(ctx).isEmpty() ? 5 : 0, 3,
            hasLocalArray && !avoid.contains("void-helpers") ? 6 : 0,
            topLevel && canNest ? 4 : 0,
            topLevel && ctx.depth == 0 && !vectorTargets(ctx).isEmpty() ? 8
                : !topLevel && !inlinedVectorTargets(ctx).isEmpty() ? 3 : 0,
            4, valueTypes.isEmpty() ? 0 : 12, canNest && NEW_SHAPES ? 3 : 0,
            lambdaProgram ? 10 : 0, enumMethods.isEmpty() ? 0 : 6,
            reassignedEnums(ctx).isEmpty() ? 0 : ctx.inLoop() ? 24 : 4});
    switch (kind) {
      case "double" -> declareDouble(ctx, out);
      case "int" -> declareInt(ctx, out);
      case "boolean" -> declareBoolean(ctx, out);
      case "array" -> declareArray(ctx, out);
      case "split" -> declareSplit(ctx, out);
      case "assign" -> assignDouble(ctx, out);
      case "assignInt" -> assignInt(ctx, out);
      case "assignBool" -> assignBoolean(ctx, out);
      case "store" -> store(ctx, out);
      case "if" -> ifStatement(ctx, out, false, false);
      case "ifElse" -> ifStatement(ctx, out, true, false);
      case "elseIf" -> ifStatement(ctx, out, true, true);
      case "for" -> forLoop(ctx, out);
      case "while" -> whileLoop(ctx, out, false);
      case "do" -> whileLoop(ctx, out, true);
      case "block" -> {
        List<Node> body = nested(ctx, 1 + r.nextInt(3));
        out.add(new Compound("block", List.of(new Segment(List.of("{"), body)), List.of("}")));
      }
      case "empty" -> out.add(Line.of(";"));
      case "jump" -> jump(ctx, out);
      case "return" -> earlyReturn(ctx, out);
      case "each" -> enhancedFor(ctx, out);
      case "switch" -> switchStatement(ctx, out, jumps);
      case "guard" -> guard(ctx, out);
      case "voidCall" -> voidCall(ctx, out);
      case "batch" -> batchLoop(ctx, out);
      case "vectorCall" -> vectorCall(ctx, out, topLevel && ctx.depth == 0);
      case "idiom" -> {
        if (!arrayIdioms(ctx, out, topLevel && ctx.depth == 0)) {
          guard(ctx, out);
        }
      }
      case "value" -> valueStatement(ctx, out);
      case "doUntil" -> doUntil(ctx, out);
      case "lambda" -> lambdaStatement(ctx, out);
      case "enumLocal" -> declareEnumLocal(ctx, out);
      case "assignEnum" -> assignEnum(ctx, out);
      default -> throw new AssertionError(kind);
    }
  }

  private static final String[] LOCAL_NAMES = {"s", "u", "p", "q", "h", "acc", "tmp", "res",
      "z2", "r1"};
  private static final String[] ODD_LOCAL_NAMES = {"t0", "t1", "t", "t_1", "value", "tape",
      "trips", "took", "returned", "broke", "continued", "upstream", "pulled", "grad_s",
      "x_1", "value_2", "s_1", "grad_x", "Arrays", "Tape", "Gradients", "java", "dev",
      "fuzz", "guard", "frame", "dot_x", "along_x", "hessian", "wait", "hashCode", "clone"};

  private String freshName(Ctx ctx, String[] pool) {
    String[] source = chance(0.15) ? ODD_LOCAL_NAMES : pool;
    for (int attempt = 0; attempt < 20; attempt++) {
      String name = source[r.nextInt(source.length)];
      if (!ctx.taken(name) && !name.equals(ctx.plan.name)
          && (ctx.plan.javaIsName || !name.equals("java"))) {
        ctx.named.add(name);
        return name;
      }
    }
    for (int suffix = 0; ; suffix++) {
      String name = pool[0] + "v" + suffix;
      if (!ctx.taken(name)) {
        ctx.named.add(name);
        return name;
      }
    }
  }

  private void declareDouble(Ctx ctx, List<Node> out) {
    String name = freshName(ctx, LOCAL_NAMES);
    E value = squash(genDouble(ctx, 3), LIMIT);
    String form = pickString("double", "double", "double", "var", "final double", "final var");
    if (form.contains("var") && !value.type.equals("double")) {
      value = E.cast("double", value, value.bound);
    }
    Var v = new Var(name, "double", Math.max(value.bound, 0.5));
    v.assignable = !form.startsWith("final");
    v.finalLocal = !v.assignable;
    out.add(Line.of(form + " " + name + " = ", value, ";"));
    ctx.declare(v);
  }

  /** {@code double z;} assigned later, by both branches of an if, or by one assignment. */
  private void declareSplit(Ctx ctx, List<Node> out) {
    String name = freshName(ctx, LOCAL_NAMES);
    out.add(Line.of("double " + name + ";"));
    Var v = new Var(name, "double", LIMIT);
    v.assignable = false;
    v.initialized = false;
    ctx.declare(v);
    if (chance(0.5)) {
      E value = squash(genDouble(ctx, 3), LIMIT);
      out.add(Line.of(name + " = ", value, ";"));
    } else {
      E condition = genCondition(ctx, 2);
      ctx.noJumps++;
      ctx.push();
      List<Node> then = new ArrayList<>();
      block(ctx, then, r.nextInt(2), false);
      then.add(Line.of(name + " = ", squash(genDouble(ctx, 3), LIMIT), ";"));
      ctx.pop();
      ctx.push();
      List<Node> otherwise = new ArrayList<>();
      otherwise.add(Line.of(name + " = ", squash(genDouble(ctx, 3), LIMIT), ";"));
      block(ctx, otherwise, r.nextInt(2), false);
      ctx.pop();
      ctx.noJumps--;
      out.add(new Compound("if", List.of(
          new Segment(List.of("if (", condition, ") {"), then),
          new Segment(List.of("} else {"), otherwise)), List.of("}")));
    }
    v.assignable = true;
    v.initialized = true;
  }

  private void declareInt(Ctx ctx, List<Node> out) {
    String name = freshName(ctx, new String[] {"k", "c", "cnt", "m2", "k2", "j2"});
    E value = genInt(ctx, 2);
    String form = pickString("int", "int", "var", "final int");
    Var v = new Var(name, "int", Math.max(1, value.bound));
    v.assignable = !form.startsWith("final");
    v.finalLocal = !v.assignable;
    out.add(Line.of(form + " " + name + " = ", value, ";"));
    ctx.declare(v);
  }

  private void declareBoolean(Ctx ctx, List<Node> out) {
    String name = freshName(ctx, new String[] {"pos", "big", "ok", "sign"});
    E value = genCondition(ctx, 2);
    Var v = new Var(name, "boolean", 0);
    v.assignable = chance(0.8);
    v.finalLocal = !v.assignable;
    out.add(Line.of((v.assignable ? "boolean " : pickString("final boolean ", "final var "))
        + name + " = ", value, ";"));
    ctx.declare(v);
  }

  private void declareArray(Ctx ctx, List<Node> out) {
    declareArray(ctx, out, weighted(new String[] {"double[]", "double[][]", "int[]",
        "boolean[]"}, new int[] {60, 15, 15, 10}));
  }

  private void declareArray(Ctx ctx, List<Node> out, String type) {
    String name = freshName(ctx, new String[] {"y", "buf", "g", "ys", "state", "out"});
    // A matrix of a vector method has sizes that are constants: its callers may translate it
    // into a loop or branch, where an argument's length may change between executions (matrix
    // sizes that change there are not supported).
    boolean fixedSizes = type.equals("double[][]") && ctx.plan.vector;
    String rows = fixedSizes ? Integer.toString(n) : lengthN(ctx);
    String declared = chance(0.2) ? "var" : type;
    String init = switch (type) {
      case "double[]" -> "new double[" + rows + "]";
      case "double[][]" -> "new double[" + rows + "][" + (fixedSizes ? Integer.toString(m)
          : lengthM(ctx)) + "]";
      case "int[]" -> "new int[" + rows + "]";
      default -> "new boolean[" + rows + "]";
    };
    double bound = 4;
    boolean variableSize = false;
    List<Var> sources = type.equals("double[]") ? ctx.of("double[]") : List.of();
    if (!sources.isEmpty() && chance(0.2)) {
      Var source = sources.get(r.nextInt(sources.size()));
      // A copy with its own elements and gradient; copyOf's length may differ from the source's.
      // java.util.Arrays is written qualified: not where "java" may name a variable.
      init = chance(0.6) || ctx.plan.javaIsName ? source.name + ".clone()"
          : "java.util.Arrays.copyOf(" + source.name + ", " + rows + ")";
      bound = Math.max(bound, source.bound);
      variableSize = source.variableSize && init.endsWith(".clone()");
    }
    String size = null;
    // A matrix declared in a loop or branch has sizes fixed before it: only at the top level,
    // and not in a vector method, which its callers may translate into their loops.
    boolean matrix = type.equals("double[][]");
    if (NEW_SHAPES && init.startsWith("new ") && (!matrix || ctx.depth == 0 && !ctx.plan.vector)
        && chance(0.12)) {
      // The size read from a variable that changes after the allocation: copies, fills and
      // sorts of the array use its own length.
      do {
        size = freshName(ctx, new String[] {"len", "sz", "rows2", "cols2"});
      } while (size.equals(name)); // the array's name is not taken yet
      boolean columns = type.equals("double[][]") && chance(0.5);
      String dimension = columns ? lengthM(ctx) : rows;
      out.add(Line.of("int " + size + " = " + dimension + ";"));
      init = columns ? "new double[" + rows + "][" + size + "]"
          : init.replaceFirst("\\[[^\\]]*\\]", "[" + size + "]");
      Var sizeVar = new Var(size, "int", Math.max(n, m));
      sizeVar.assignable = true;
      ctx.declare(sizeVar);
    }
    out.add(Line.of(declared + " " + name + " = " + init + ";"));
    Var v = new Var(name, type, bound);
    v.indexSafe = type.equals("int[]") && chance(0.5);
    v.assignable = false;
    v.allocated = true;
    v.rebindable = type.equals("double[]");
    v.variableSize = variableSize || size != null;
    ctx.declare(v);
    if (size != null) {
      Var sizeVar = ctx.scopes.peek().get(size);
      switch (r.nextInt(4)) {
        case 0 -> out.add(Line.of(size + "--;"));
        case 1 -> out.add(Line.of(size + " = " + size + " - 1;"));
        case 2 -> out.add(new Compound("if", List.of(new Segment(
            List.of("if (", genCondition(ctx, 1), ") {"),
            List.of(Line.of(size + " = 1;")))), List.of("}")));
        default -> { } // left to the statements that follow
      }
      sizeVar.bound = Math.max(n, m) + 1;
      if (chance(0.5) && type.equals("double[]")) {
        // A copy of the array right away, which must have its length, not the variable's.
        String copy = freshName(ctx, new String[] {"copy", "snap", "keep"});
        out.add(Line.of("double[] " + copy + " = " + name + ".clone();"));
        Var copied = new Var(copy, "double[]", bound);
        copied.assignable = false;
        copied.allocated = true;
        copied.rebindable = true;
        copied.variableSize = true;
        ctx.declare(copied);
      }
    }
  }

  /** An expression for n: a vector's length, a matrix's row count, or the literal. */
  private String lengthN(Ctx ctx) {
    List<Var> arrays = new ArrayList<>();
    for (Var v : ctx.all()) {
      if (v.type.equals("double[]") || v.type.equals("int[]") || v.type.equals("boolean[]")
          || v.type.equals("double[][]")) {
        arrays.add(v);
      }
    }
    return length(arrays, n, ".length");
  }

  /** An expression for m: a matrix's column count, or the literal. */
  private String lengthM(Ctx ctx) {
    return length(ctx.of("double[][]"), m, "[0].length");
  }

  /** The length one of {@code arrays} of fixed size reads with {@code suffix}, or the literal. */
  private String length(List<Var> arrays, int literal, String suffix) {
    List<Var> fixed = new ArrayList<>();
    fixed.add(null);
    for (Var v : arrays) {
      if (!v.variableSize) {
        fixed.add(v);
      }
    }
    Var chosen = fixed.get(r.nextInt(fixed.size()));
    if (chosen == null) {
      return Integer.toString(literal);
    }
    chosen.lengthRead = true;
    return chosen.name + suffix;
  }

  private List<Var> assignableDoubles(Ctx ctx) {
    List<Var> vars = new ArrayList<>();
    for (Var v : ctx.all()) {
      if (v.type.equals("double") && v.assignable) {
        vars.add(v);
      }
    }
    return vars;
  }

  private void assignDouble(Ctx ctx, List<Node> out) {
    List<Var> targets = assignableDoubles(ctx);
    if (targets.isEmpty()) {
      declareDouble(ctx, out);
      return;
    }
    Var v = targets.get(r.nextInt(targets.size()));
    boolean wasInitialized = v.initialized;
    String op = wasInitialized
        ? weighted(new String[] {"=", "+=", "-=", "*=", "/=", "++", "--"},
            new int[] {40, 20, 8, 10, 6, 3, 2})
        : "=";
    int multiplier = v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
    switch (op) {
      case "=" -> {
        E value = squash(genDouble(ctx, 3), Math.max(v.bound, 2));
        out.add(Line.of(v.name + " = ", value, ";"));
        v.bound = Math.max(v.bound, value.bound);
      }
      case "+=", "-=" -> {
        E value = squash(genDouble(ctx, 2), ctx.inLoop() ? 1 : 3);
        out.add(Line.of(v.name + " " + op + " ", value, ";"));
        v.bound += value.bound * multiplier;
      }
      case "*=" -> {
        E value = squash(genDouble(ctx, 2), 1);
        out.add(Line.of(v.name + " *= ", value, ";"));
      }
      case "/=" -> out.add(Line.of(v.name + " /= ", divisor(ctx), ";"));
      default -> {
        out.add(Line.of(chance(0.5) ? v.name + op + ";" : op + v.name + ";"));
        v.bound += multiplier;
      }
    }
  }

  private void assignInt(Ctx ctx, List<Node> out) {
    List<Var> targets = new ArrayList<>();
    for (Var v : ctx.all()) {
      if (v.type.equals("int") && v.assignable) {
        targets.add(v);
      }
    }
    if (targets.isEmpty()) {
      declareInt(ctx, out);
      return;
    }
    Var v = targets.get(r.nextInt(targets.size()));
    String op = weighted(new String[] {"=", "+=", "-=", "*=", "%=", "++", "--", "+=double",
        ">>=", "&=", "|=", "^="}, new int[] {30, 15, 8, 5, 8, 10, 5, 4, 2, 2, 2, 2});
    v.known = false;
    switch (op) {
      case "=" -> {
        E value = genInt(ctx, 2);
        out.add(Line.of(v.name + " = ", value, ";"));
        v.bound = Math.max(v.bound, value.bound);
      }
      case "*=" -> {
        out.add(Line.of(v.name + " *= " + (2 + r.nextInt(2)) + ";"));
        v.bound *= ctx.inLoop() ? 30 : 3;
      }
      case "%=" -> out.add(Line.of(v.name + " %= " + (2 + r.nextInt(3)) + ";"));
      case ">>=" -> out.add(Line.of(v.name + " >>= " + (1 + r.nextInt(2)) + ";"));
      case "&=" -> {
        out.add(Line.of(v.name + " &= " + (1 + r.nextInt(7)) + ";"));
        v.bound = Math.max(v.bound, 7); // -1 & 7 is 7
      }
      case "|=", "^=" -> {
        out.add(Line.of(v.name + " " + op + " " + (1 + r.nextInt(7)) + ";"));
        v.bound += 7 * ctx.loopMultiplier;
      }
      case "++", "--" -> {
        out.add(Line.of(chance(0.5) ? v.name + op + ";" : op + v.name + ";"));
        v.bound += ctx.loopMultiplier;
      }
      case "+=double" -> {
        // Java narrows silently: k += 0.5 * x.
        E value = squash(genDouble(ctx, 2), 3);
        out.add(Line.of(v.name + " += ", value, ";"));
        v.bound += 3 * ctx.loopMultiplier;
      }
      default -> {
        E value = genInt(ctx, 1);
        out.add(Line.of(v.name + " " + op + " ", value, ";"));
        v.bound += value.bound * ctx.loopMultiplier;
      }
    }
    v.bound = Math.min(v.bound, 1e6);
  }

  private void assignBoolean(Ctx ctx, List<Node> out) {
    List<Var> targets = new ArrayList<>();
    for (Var v : ctx.all()) {
      if (v.type.equals("boolean") && v.assignable) {
        targets.add(v);
      }
    }
    if (targets.isEmpty()) {
      declareBoolean(ctx, out);
      return;
    }
    Var v = targets.get(r.nextInt(targets.size()));
    out.add(Line.of(v.name + " = ", genCondition(ctx, 2), ";"));
  }

  private List<Var> writableArrays(Ctx ctx) {
    List<Var> arrays = new ArrayList<>();
    for (Var v : ctx.all()) {
      if (!v.param && v.type.endsWith("]")) {
        arrays.add(v);
      }
    }
    return arrays;
  }

  /**
   * The buffer {@code y} reset, filled from another array, or shifted in place, as library code
   * does: {@code Arrays.fill}, {@code System.arraycopy}.
   */
  private void bufferIdiom(Ctx ctx, List<Node> out, Var y) {
    List<Var> vectors = ctx.of("double[]");
    switch (r.nextInt(3)) {
      case 0 -> {
        E value = squash(genDouble(ctx, 2), y.bound);
        out.add(Line.of("java.util.Arrays.fill(" + y.name + ", ", value, ");"));
      }
      case 1 -> {
        Var x = vectors.get(r.nextInt(vectors.size()));
        out.add(Line.of("System.arraycopy(" + x.name + ", 0, " + y.name + ", 0, Math.min("
            + x.name + ".length, " + y.name + ".length));"));
        y.bound = Math.max(y.bound, x.bound);
      }
      default -> out.add(new Compound("if", List.of(new Segment(
          List.of("if (" + y.name + ".length > 1) {"),
          List.of(Line.of("System.arraycopy(" + y.name + ", " + (chance(0.5) ? "0, " : "1, ")
              + y.name + ", " + (chance(0.5) ? "1, " : "0, ") + y.name + ".length - 1);")))),
          List.of("}")));
    }
  }

  private void store(Ctx ctx, List<Node> out) {
    List<Var> arrays = writableArrays(ctx);
    if (arrays.isEmpty()) {
      assignDouble(ctx, out);
      return;
    }
    Var a = arrays.get(r.nextInt(arrays.size()));
    if (a.type.equals("double[]") && !ctx.taken("java") && chance(0.25)) {
      bufferIdiom(ctx, out, a);
      return;
    }
    int multiplier = a.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
    String element = a.type.equals("double[][]")
        ? a.name + "[" + index(ctx, n).render() + "][" + index(ctx, m).render() + "]"
        : a.name + "[" + index(ctx, n).render() + "]";
    switch (a.type) {
      case "double[]", "double[][]" -> {
        String op = weighted(new String[] {"=", "+=", "-=", "*=", "/=", "++"},
            new int[] {45, 30, 6, 8, 5, 3});
        switch (op) {
          case "=" -> {
            E value = squash(genDouble(ctx, 3), a.bound);
            out.add(Line.of(element + " = ", value, ";"));
          }
          case "+=", "-=" -> {
            E value = squash(genDouble(ctx, 2), 1);
            out.add(Line.of(element + " " + op + " ", value, ";"));
            a.bound += value.bound * multiplier;
          }
          case "*=" -> out.add(Line.of(element + " *= ", squash(genDouble(ctx, 2), 1), ";"));
          case "/=" -> out.add(Line.of(element + " /= ", divisor(ctx), ";"));
          default -> {
            out.add(Line.of(element + "++;"));
            a.bound += multiplier;
          }
        }
      }
      case "int[]" -> {
        if (a.indexSafe) {
          out.add(Line.of(element + " = ", index(ctx, n), ";"));
        } else if (chance(0.5)) {
          out.add(Line.of(element + "++;"));
          a.bound += multiplier;
        } else {
          E value = genInt(ctx, 1);
          out.add(Line.of(element + " += ", value, ";"));
          a.bound += value.bound * multiplier;
        }
      }
      default -> out.add(Line.of(element + " = ", genCondition(ctx, 2), ";"));
    }
  }

  private void ifStatement(Ctx ctx, List<Node> out, boolean withElse, boolean chain) {
    List<Segment> segments = new ArrayList<>();
    E condition = genCondition(ctx, 2);
    segments.add(new Segment(List.of("if (", condition, ") {"), nested(ctx, 1 + r.nextInt(3))));
    if (chain) {
      int more = 1 + r.nextInt(2);
      for (int i = 0; i < more; i++) {
        segments.add(new Segment(List.of("} else if (", genCondition(ctx, 2), ") {"),
            nested(ctx, 1 + r.nextInt(2))));
      }
    }
    if (withElse) {
      segments.add(new Segment(List.of("} else {"), nested(ctx, 1 + r.nextInt(3))));
    }
    out.add(new Compound("if", segments, List.of("}")));
  }

  /** {@code if (c) break;}, {@code if (c) { ...; continue; }} inside a loop. */
  private void jump(Ctx ctx, List<Node> out) {
    String jump = chance(0.55) ? "break" : "continue";
    List<String> labels = ctx.loopLabels.stream().filter(l -> !l.isEmpty()).toList();
    if (!labels.isEmpty() && chance(0.4)) {
      jump += " " + labels.get(r.nextInt(labels.size())); // out of this loop or an outer one
    }
    jump += ";";
    E condition = genCondition(ctx, 2);
    if (chance(0.5)) {
      out.add(new Compound("if", List.of(new Segment(List.of("if (", condition, ") {"),
          List.of(Line.jump(jump)))), List.of("}")));
    } else {
      ctx.push();
      List<Node> body = new ArrayList<>();
      block(ctx, body, 1, false);
      body.add(Line.jump(jump));
      ctx.pop();
      out.add(new Compound("if", List.of(new Segment(List.of("if (", condition, ") {"), body)),
          List.of("}")));
    }
  }

  private void earlyReturn(Ctx ctx, List<Node> out) {
    E condition = genCondition(ctx, 2);
    ctx.push();
    List<Node> body = new ArrayList<>();
    if (chance(0.4)) {
      block(ctx, body, 1, false);
    }
    body.add(Line.jump("return ", squash(genDouble(ctx, 3), LIMIT), ";"));
    ctx.mayHaveReturned = true;
    ctx.pop();
    out.add(new Compound("if", List.of(new Segment(List.of("if (", condition, ") {"), body)),
        List.of("}")));
  }

  /**
   * A guard clause as library code writes them: a throw with a message (concatenated, or built
   * with a StringBuilder local or chain), an assert, or a check called as a statement. Values
   * stay finite by construction, so none of them fires; they run, and must not change any value
   * or derivative.
   */
  private void guard(Ctx ctx, List<Node> out) {
    if (chance(0.15) && arraysAndObjects(ctx, out)) {
      return;
    }
    // An assert's condition runs only under -ea: flatgrad cannot create an argument array
    // before it, so no new double[] {...} arguments here.
    ctx.noArrayArguments = true;
    E value = genDouble(ctx, 2);
    ctx.noInPlaceCalls = true;
    E inner = genDouble(ctx, 1);
    ctx.noInPlaceCalls = false;
    ctx.noArrayArguments = false;
    E shown = E.template(inner.type, Model.PRIMARY, "({})", inner.bound, inner);
    List<Var> arrays = ctx.of("double[]");
    // A variable named java would hide the package of java.util.Objects.
    if (chance(0.1)) {
      // A loop on a constant true that only a throw leaves (it always does, so that a mutant
      // taking it cannot hang the run): javac rejects whatever follows such a loop in its
      // block (JLS 14.22).
      String forever = pickString("while (true) {", "for (;;) {", "while (!false) {");
      out.add(new Compound("if", List.of(new Segment(
          List.of("if (Double.isNaN(", value, ")) {"),
          List.of(new Compound("while", List.of(new Segment(List.of(forever), List.of(
              new Compound("if", List.of(new Segment(List.of("if (!Double.isFinite(", shown,
                  ")) {"), List.of(Line.jump("throw new ArithmeticException(\"not finite\");")))),
                  List.of("}")),
              Line.jump("throw new ArithmeticException(\"no end\");")))), List.of("}"))))),
          List.of("}")));
      return;
    }
    switch (r.nextInt(arrays.isEmpty() || ctx.taken("java") ? 5 : 6)) {
      case 0 -> out.add(new Compound("if", List.of(new Segment(
          List.of("if (Double.isNaN(", value, ")) {"),
          List.of(Line.jump("throw new IllegalArgumentException(\"not a number: \" + ", shown,
              " + \", at \" + ", E.template(value.type, Model.PRIMARY, "({})", value.bound,
                  value.copy()), ");")))), List.of("}")));
      case 1 -> out.add(new Compound("if", List.of(new Segment(
          List.of("if (!Double.isFinite(", value, ")) {"),
          List.of(Line.jump("throw new ArithmeticException(\"overflow: \" + ", shown, ");")))),
          List.of("}")));
      case 2 -> out.add(Line.of("assert !Double.isInfinite(", value, ") : \"v = \" + ", shown,
          ";"));
      case 3 -> {
        String sb = freshName(ctx, new String[] {"sb", "message", "text"});
        out.add(new Compound("if", List.of(new Segment(
            List.of("if (Double.isNaN(", value, ")) {"),
            List.of(Line.of("final StringBuilder " + sb
                    + " = new StringBuilder(\"not a number: \");"),
                Line.of(sb + ".append(", shown, ").append(\", at \").append(", value.copy(),
                    ");"),
                Line.jump("throw new IllegalArgumentException(" + sb + ".toString());")))),
            List.of("}")));
      }
      case 4 -> out.add(new Compound("if", List.of(new Segment(
          List.of("if (!Double.isFinite(", value, ")) {"),
          List.of(Line.jump("throw new ArithmeticException(new StringBuilder().append(",
              "\"overflow: \").append(", shown, ").append(' ').toString());")))),
          List.of("}")));
      default -> out.add(Line.of("java.util.Objects.requireNonNull(",
          arrays.get(r.nextInt(arrays.size())).name, ", \"array\");"));
    }
  }

  /**
   * Issue 18's arrays and objects: a row of a local matrix replaced by a clone of another
   * ({@code m[0] = m[m.length - 1].clone();}), a {@code new double[2][]} whose rows are assigned
   * later (clones, or initializers such as {@code new double[] {a, b}}), or an object field and
   * an active value passed to a call that runs as written. False when none fits here.
   */
  private boolean arraysAndObjects(Ctx ctx, List<Node> out) {
    List<Var> matrices = new ArrayList<>();
    for (Var v : writableArrays(ctx)) {
      if (v.type.equals("double[][]")) {
        matrices.add(v);
      }
    }
    if (!matrices.isEmpty() && chance(0.6)) {
      String m = matrices.get(r.nextInt(matrices.size())).name;
      out.add(new Compound("if", List.of(new Segment(List.of("if (" + m + ".length > 1) {"),
          List.of(Line.of(m + "[0] = " + m + "[" + m + ".length - 1].clone();")))),
          List.of("}")));
      return true;
    }
    // A matrix declared in a branch takes its rows' sizes from these: sizes that stay fixed.
    List<Var> vectors = ctx.of("double[]").stream().filter(v -> !v.variableSize).toList();
    List<Var> targets = new ArrayList<>();
    for (Var v : assignableDoubles(ctx)) {
      if (v.initialized) {
        targets.add(v);
      }
    }
    if (!vectors.isEmpty() && !targets.isEmpty() && !ctx.taken("laterRows") && chance(0.5)) {
      // new double[2][] with its rows assigned later, one of them then written.
      Var source = vectors.get(r.nextInt(vectors.size()));
      source.lengthRead = true; // not rebound later, so its size stays fixed
      String x = source.name;
      Var v = targets.get(r.nextInt(targets.size()));
      out.add(new Compound("if", List.of(new Segment(List.of("if (" + x + ".length > 0) {"),
          List.of(Line.of("double[][] laterRows = new double[2][];"),
              Line.of("laterRows[0] = " + x + ".clone();"),
              Line.of("laterRows[1] = " + x + ".clone();"),
              Line.of("laterRows[1][0] = laterRows[0][0] * 0.5;"),
              Line.of(v.name + " += Math.tanh(laterRows[1][0]);")))),
          List.of("}")));
      v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
      return true;
    }
    if (!targets.isEmpty() && !ctx.taken("initRows") && chance(0.4)) {
      // Rows from initializers; the last one reads the row it replaces.
      Var v = targets.get(r.nextInt(targets.size()));
      out.add(new Compound("block", List.of(new Segment(List.of("{"), List.of(
          Line.of("double[][] initRows = new double[2][];"),
          Line.of("initRows[0] = new double[] {", genDouble(ctx, 1), ", ", genDouble(ctx, 1),
              "};"),
          Line.of("initRows[1] = new double[] {initRows[0][1] * 0.5, ", genDouble(ctx, 1),
              "};"),
          Line.of("initRows[0] = new double[] {initRows[1][0], initRows[0][0]};"),
          Line.of(v.name + " += Math.tanh(initRows[0][0] - initRows[1][1]);")))),
          List.of("}")));
      v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
      return true;
    }
    if (ctx.taken("java")) {
      return false;
    }
    E value = genDouble(ctx, 1);
    out.add(Line.of("java.util.Objects.requireNonNull(java.util.logging.Level.FINE, \"v = \" + (",
        value, "));"));
    return true;
  }

  /**
   * Library idioms on arrays: an optional array parameter tested with null (the harness passes
   * one), a guard that requires it, stream reductions, a fresh array in a loop whose size changes,
   * a ragged triangular matrix (at the method's top level), the row swap of pivoting code, a
   * running maximum or minimum, and order statistics of a sorted copy. False if none fits.
   */
  private boolean arrayIdioms(Ctx ctx, List<Node> out, boolean methodTopLevel) {
    List<Var> vectors = ctx.of("double[]");
    List<Var> targets = new ArrayList<>();
    for (Var v : assignableDoubles(ctx)) {
      if (v.initialized) {
        targets.add(v);
      }
    }
    List<Var> parameters = vectors.stream().filter(v -> v.param).toList();
    if (!vectors.isEmpty() && !targets.isEmpty() && !ctx.taken("peak" + (peaks + 1))
        && !ctx.taken("pi") && chance(0.3)) {
      // A running maximum or minimum over a vector (flatgrad remembers the winning step when
      // the loop is at the method's top level). A name of its own: nothing else reads it.
      String x = vectors.get(r.nextInt(vectors.size())).name;
      Var v = targets.get(r.nextInt(targets.size()));
      String peak = "peak" + (++peaks);
      String extreme = chance(0.5) ? "max" : "min";
      out.add(Line.of("double " + peak + " = " + x + ".length > 0 ? " + x + "[0] : 0.5;"));
      out.add(new Compound("for", List.of(new Segment(
          List.of("for (int pi = 1; pi < " + x + ".length; pi++) {"),
          List.of(Line.of(peak + " = Math." + extreme + "(" + peak + ", " + x + "[pi]);")))),
          List.of("}")));
      out.add(Line.of(v.name + " += Math.tanh(" + peak + ");"));
      v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
      return true;
    }
    boolean inOther = ctx.plan.ownerClass.equals(otherClass);
    if (twoTables && !(inOther && privateTable) && !targets.isEmpty()
        && !ctx.taken("tc" + (tableChoices + 1)) && !ctx.taken("tci") && chance(0.5)) {
      tableChoice(ctx, out, inOther ? mainClass + "." : "",
          targets.get(r.nextInt(targets.size())));
      return true;
    }
    List<Var> matrices = writableArrays(ctx).stream()
        .filter(v -> v.type.equals("double[][]") && v.initialized).toList();
    if (!matrices.isEmpty() && !ctx.taken("swapTmp") && chance(0.7)) {
      // The row swap of pivoting code: its first and last rows trade places.
      // In a block of its own: another swap may follow in the same scope.
      String m = matrices.get(r.nextInt(matrices.size())).name;
      out.add(new Compound("block", List.of(new Segment(List.of("{"), List.of(
          Line.of("double[] swapTmp = " + m + "[0];"),
          Line.of(m + "[0] = " + m + "[" + m + ".length - 1];"),
          Line.of(m + "[" + m + ".length - 1] = swapTmp;")))), List.of("}")));
      return true;
    }
    if (!vectors.isEmpty() && !targets.isEmpty() && !ctx.taken("rb" + (reallocated + 1))
        && !ctx.taken("ri") && !ctx.taken("rj") && !ctx.taken("rn") && chance(0.35)) {
      reallocatedArray(ctx, out, vectors.get(r.nextInt(vectors.size())).name,
          targets.get(r.nextInt(targets.size())));
      return true;
    }
    // Not in a vector method: its callers may inline it into a loop, where a ragged matrix
    // cannot be declared.
    if (methodTopLevel && !ctx.plan.vector && !vectors.isEmpty() && !targets.isEmpty()
        && !ctx.taken("tri" + (tableaux + 1)) && !ctx.taken("ti") && !ctx.taken("tj")
        && chance(0.3)) {
      // A ragged triangular matrix, new double[n][] with row i of i + 1 entries, each row read
      // by the next (a Romberg-like tableau).
      String x = vectors.get(r.nextInt(vectors.size())).name;
      Var v = targets.get(r.nextInt(targets.size()));
      // A name of its own in each method: nothing else in the program declares, reads or
      // writes it (its rows are ragged, which the other statements do not know).
      String tri = "tri" + (++tableaux);
      if (chance(0.3)) {
        // A ragged initializer instead: rows of 1, 0 and 2 elements.
        out.add(Line.of("double[][] " + tri + " = {{" + v.name + "}, {}, {0.5, " + v.name
            + " * 0.25}};"));
        out.add(Line.of(v.name + " += Math.tanh(" + tri + "[2][1] * " + tri + "[0][0] + "
            + tri + "[1].length);"));
        v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
        return true;
      }
      out.add(Line.of("double[][] " + tri + " = new double[" + x + ".length][];"));
      out.add(new Compound("for", List.of(new Segment(
          List.of("for (int ti = 0; ti < " + x + ".length; ti++) {"),
          List.of(Line.of(tri + "[ti] = new double[ti + 1];"),
              Line.of(tri + "[ti][0] = Math.tanh(" + x + "[ti]);"),
              new Compound("for", List.of(new Segment(
                  List.of("for (int tj = 1; tj <= ti; tj++) {"),
                  List.of(Line.of(tri + "[ti][tj] = 0.5 * " + tri + "[ti][tj - 1] + 0.25 * "
                      + tri + "[ti - 1][tj - 1] * " + x + "[tj];")))), List.of("}"))))),
          List.of("}")));
      out.add(Line.of(v.name + " += " + x + ".length > 0 ? " + tri + "[" + x + ".length - 1]["
          + x + ".length - 1] : 0.0;"));
      v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
      return true;
    }
    if (!parameters.isEmpty() && !targets.isEmpty() && chance(0.5)) {
      // An optional array, tested with null as library code does (the harness passes one).
      String p = parameters.get(r.nextInt(parameters.size())).name;
      Var v = targets.get(r.nextInt(targets.size()));
      if (chance(0.5)) {
        out.add(new Compound("if", List.of(new Segment(List.of("if (" + p + " == null) {"),
            List.of(Line.of("throw new IllegalArgumentException(\"" + p + " is required\");")))),
            List.of("}")));
      }
      out.add(Line.of(v.name + " += " + p + " != null && " + p + ".length > 0 ? Math.tanh("
          + p + "[0]) : 0.5;"));
      v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
      return true;
    }
    if (!vectors.isEmpty() && !targets.isEmpty() && !ctx.taken("java") && !ctx.taken("el")
        && chance(0.5)) {
      // Stream reductions: an extreme of a stream, mapped or not, with its fallback. Not sums:
      // DoubleStream.sum() compensates its rounding, the generated loop does not (README), so
      // their values differ in the last bits, which the checker compares exactly.
      String x = vectors.get(r.nextInt(vectors.size())).name;
      Var v = targets.get(r.nextInt(targets.size()));
      out.add(Line.of(v.name + " += Math.tanh(java.util.Arrays.stream(" + x + ")"
          + (chance(0.5) ? ".map(el -> el * el)" : "") + "." + (chance(0.5) ? "max" : "min")
          + "().orElse(0.5));"));
      v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
      return true;
    }
    if (!vectors.isEmpty() && !targets.isEmpty() && !ctx.taken("fresh") && !ctx.taken("ri")
        && !ctx.taken("rj") && chance(0.4)) {
      // A fresh array in a loop whose size changes each iteration: a prefix (i + 1 elements)
      // or a suffix (x.length - i) of products, each iteration's array read back by the reverse.
      String x = vectors.get(r.nextInt(vectors.size())).name;
      Var v = targets.get(r.nextInt(targets.size()));
      boolean prefix = chance(0.5);
      String size = prefix ? "ri + 1" : x + ".length - ri";
      String element = prefix ? "Math.sin(" + x + "[rj]) * " + x + "[ri - rj]"
          : x + "[ri + rj] * " + x + "[ri + rj] - 0.5";
      out.add(new Compound("for", List.of(new Segment(
          List.of("for (int ri = 0; ri < " + x + ".length; ri++) {"),
          List.of(Line.of("double[] fresh = new double[" + size + "];"),
              new Compound("for", List.of(new Segment(
                  List.of("for (int rj = 0; rj < fresh.length; rj++) {"),
                  List.of(Line.of("fresh[rj] = " + element + ";")))), List.of("}")),
              Line.of(v.name + " += Math.tanh(fresh[fresh.length - 1] + 0.5 * fresh[0]);")))),
          List.of("}")));
      v.bound += (v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1) * Math.max(n, m);
      return true;
    }
    if (!parameters.isEmpty() && !targets.isEmpty() && !ctx.taken("java")
        && !ctx.taken("sortedCopy")) {
      // Order statistics of a parameter's sorted copy: its smallest and largest elements.
      String p = parameters.get(r.nextInt(parameters.size())).name;
      Var v = targets.get(r.nextInt(targets.size()));
      out.add(new Compound("if", List.of(new Segment(List.of("if (" + p + ".length > 0) {"),
          List.of(Line.of("double[] sortedCopy = " + p + ".clone();"),
              Line.of("java.util.Arrays.sort(sortedCopy);"),
              Line.of(v.name + " += Math.tanh(sortedCopy[sortedCopy.length - 1]"
                  + " - 0.5 * sortedCopy[0]);")))),
          List.of("}")));
      v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
      return true;
    }
    return false;
  }

  /**
   * Void helpers that fill or update arrays, and a private check, by name: flatgrad inlines
   * their calls ({@code axpyV(a, x, y);}). Each class whose methods call one declares it.
   */
  private static final Map<String, String> VOID_HELPERS = Map.of(
      "axpyV", """
          /** y += a x, in place. */
          @Differentiable
          static void axpyV(double a, double[] x, double[] y) {
            for (int i = 0; i < y.length; i++) {
              y[i] += a * x[i];
            }
          }""",
      "squashInto", """
          private static void squashInto(double[] x, double[] out) {
            if (out.length == 0) {
              return;
            }
            for (int i = 0; i < out.length; i++) {
              double value = Math.tanh(x[i]);
              out[i] = value;
            }
          }""",
      "scaleV", """
          static void scaleV(double[] v, double c) {
            for (int i = 0; i < v.length; i++) {
              v[i] *= c;
            }
          }""",
      "rowSums", """
          private static void rowSums(double[][] a, double[] out) {
            for (int i = 0; i < out.length; i++) {
              double s = 0;
              for (int j = 0; j < a[i].length; j++) {
                s += a[i][j];
              }
              out[i] = s;
            }
          }""",
      "checkFinite", """
          private static void checkFinite(double v, String name) {
            if (!Double.isFinite(v)) {
              throw new IllegalArgumentException(name + " is not finite: " + v);
            }
          }""",
      // Helpers returning a value that also write their array argument, as in-place code does.
      "shrinkSum", """
          /** Shrinks v toward zero in place; returns how much it took off. */
          private static double shrinkSum(double[] v, double c) {
            double taken = 0;
            for (int i = 0; i < v.length; i++) {
              double old = v[i];
              v[i] = old / (1 + c * c);
              taken += old - v[i];
            }
            return taken;
          }""",
      "normalizeV", """
          /** Divides v by its (smoothed) norm in place; returns the norm. */
          static double normalizeV(double[] v) {
            double norm = 1e-6;
            for (double e : v) {
              norm += e * e;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < v.length; i++) {
              v[i] /= norm;
            }
            return norm;
          }""");

  /** How many reallocated arrays the program has declared: each gets a name of its own. */
  private int reallocated;

  /**
   * A local array reallocated in a loop, {@code rb = new double[ri + 2];} (or with an initializer
   * that reads the old array, or a clone), or in a branch, then read through its new length. A
   * name of its own: nothing else in the program reads or writes it.
   */
  private void reallocatedArray(Ctx ctx, List<Node> out, String x, Var v) {
    String rb = "rb" + (++reallocated);
    out.add(Line.of("double[] " + rb + " = new double[" + (chance(0.5) ? "1" : x + ".length")
        + "];"));
    // Form 5 names java.util.Arrays: not where "java" names a variable.
    int form = r.nextInt(ctx.taken("java") ? 5 : 6);
    List<Node> body = new ArrayList<>();
    if (form == 4) {
      // A step into a fresh array, handed over at the end of the step (Handovers).
      body.add(Line.of("final double[] rn = new double[" + rb + ".length];"));
      body.add(new Compound("for", List.of(new Segment(
          List.of("for (int rj = 0; rj < rn.length; rj++) {"),
          List.of(Line.of("rn[rj] = 0.5 * " + rb + "[rj] + 0.25 * Math.sin(" + x + "[ri] + "
              + rb + "[(rj + 1) % " + rb + ".length]);")))), List.of("}")));
      body.add(Line.of(rb + " = rn;"));
    } else if (form == 5) {
      // An array that grows by one in a branch, handed over (its size read before the copy).
      body.add(new Compound("if", List.of(new Segment(
          List.of("if (" + x + "[ri] > -2) {"),
          List.of(Line.of("double[] rn = java.util.Arrays.copyOf(" + rb + ", " + rb
                  + ".length + 1);"),
              Line.of("rn[" + rb + ".length] = Math.tanh(" + x + "[ri]) * 0.5;"),
              Line.of(rb + " = rn;")))), List.of("}")));
    } else if (form == 0) {
      body.add(Line.of(rb + " = new double[ri + 2];"));
      body.add(Line.of(rb + "[0] = Math.tanh(" + x + "[ri]);"));
      body.add(new Compound("for", List.of(new Segment(
          List.of("for (int rj = 1; rj < " + rb + ".length; rj++) {"),
          List.of(Line.of(rb + "[rj] = 0.5 * " + rb + "[rj - 1] + 0.25 * Math.sin(" + x
              + "[rj - 1]);")))), List.of("}")));
    } else if (form == 1) {
      body.add(Line.of(rb + " = new double[] {0.5 * " + rb + "[" + rb + ".length - 1], Math.sin("
          + x + "[ri]), 0.25 * " + rb + "[0] * " + x + "[ri]};"));
    } else if (form == 2) {
      body.add(Line.of(rb + " = " + x + ".clone();"));
      body.add(Line.of(rb + "[ri] = Math.tanh(" + rb + "[ri]) * 0.5;"));
    } else {
      body.add(new Compound("if", List.of(new Segment(
          List.of("if (ri % 2 == 1) {"),
          List.of(Line.of(rb + " = new double[ri + 1];"),
              Line.of(rb + "[ri] = Math.cos(" + x + "[ri]);")))), List.of("}")));
    }
    out.add(new Compound("for", List.of(new Segment(
        List.of("for (int ri = 0; ri < " + x + ".length; ri++) {"), body)), List.of("}")));
    out.add(Line.of(v.name + " += " + rb + ".length > 0 ? Math.tanh(" + rb + "[" + rb
        + ".length - 1]) * " + rb + ".length / (1.0 + " + rb + ".length) : 0.0;"));
    v.bound += v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
  }

  /**
   * A local array that chooses between the tables T0 and T1, as quadrature code picks its rule:
   * by {@code ?:}, by if/else, by a switch statement or expression, or changed inside a loop
   * after reads (whose reverse needs the table each iteration read). Then {@code v} reads it.
   */
  private void tableChoice(Ctx ctx, List<Node> out, String owner, Var v) {
    String tc = "tc" + (++tableChoices);
    boolean swap = chance(0.5);
    String first = owner + (swap ? "T1" : "T0");
    String second = owner + (swap ? "T0" : "T1");
    String condition = genCondition(ctx, 1).render();
    int multiplier = v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
    switch (r.nextInt(5)) {
      case 0 -> out.add(Line.of("double[] " + tc + " = (" + condition + ") ? " + first + " : "
          + second + ";"));
      case 4 -> out.add(Line.of("double[] " + tc + " = switch (" + lengthN(ctx) + " % 3) { case"
          + " 0 -> " + first + "; default -> " + second + "; };"));
      case 1 -> {
        out.add(Line.of("double[] " + tc + ";"));
        out.add(new Compound("if", List.of(
            new Segment(List.of("if (" + condition + ") {"),
                List.of(Line.of(tc + " = " + first + ";"))),
            new Segment(List.of("} else {"), List.of(Line.of(tc + " = " + second + ";")))),
            List.of("}")));
      }
      case 2 -> {
        out.add(Line.of("double[] " + tc + ";"));
        out.add(new Compound("switch", List.of(new Segment(
            List.of("switch (" + lengthN(ctx) + " % 3) {"), List.of(
                Line.of("case 0:"), Line.of("  " + tc + " = " + first + ";"), Line.of("  break;"),
                Line.of("case 1:"), Line.of("default:"),
                Line.of("  " + tc + " = " + second + ";")))), List.of("}")));
      }
      default -> {
        // Horner-like: each iteration reads the table, then may switch it for the next.
        out.add(Line.of("double[] " + tc + " = " + first + ";"));
        out.add(new Compound("for", List.of(new Segment(
            List.of("for (int tci = 0; tci < " + tc + ".length; tci++) {"), List.of(
                Line.of(v.name + " = " + v.name + " * 0.5 + " + tc + "[tci] * Math.tanh("
                    + v.name + ");"),
                new Compound("if", List.of(
                    new Segment(List.of("if (" + v.name + " > " + tc + "[tci]) {"),
                        List.of(Line.of(tc + " = " + second + ";"))),
                    new Segment(List.of("} else {"),
                        List.of(Line.of(tc + " = " + first + ";")))),
                    List.of("}"))))), List.of("}")));
        v.bound = (v.bound + 2 * tableBound) * multiplier;
        return;
      }
    }
    out.add(Line.of(v.name + " += " + tc + "[" + index(ctx, n).render() + "] * Math.tanh("
        + v.name + ");"));
    v.bound += tableBound * multiplier;
  }

  /** How many table choices the program has declared: each gets a name of its own. */
  private int tableChoices;

  /** How many ragged tableaux the program has declared: each gets a name of its own. */
  private int tableaux;
  /** How many running extremes the program has declared: each gets a name of its own. */
  private int peaks;

  /** The void helpers each class's methods call, by class. */
  private final Map<String, Set<String>> voidHelpersUsed = new LinkedHashMap<>();

  /** A call statement of a void helper that writes a local double[] (or checks a value). */
  private void voidCall(Ctx ctx, List<Node> out) {
    List<Var> outputs = new ArrayList<>();
    for (Var v : writableArrays(ctx)) {
      if (v.type.equals("double[]")) {
        outputs.add(v);
      }
    }
    if (outputs.isEmpty()) {
      assignDouble(ctx, out);
      return;
    }
    Var target = outputs.get(r.nextInt(outputs.size()));
    int multiplier = target.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
    List<Var> vectors = ctx.of("double[]");
    Var source = vectors.isEmpty() ? target : vectors.get(r.nextInt(vectors.size()));
    List<Var> matrices = ctx.of("double[][]");
    String helper = pickString("axpyV", "axpyV", "squashInto", "scaleV", "checkFinite",
        matrices.isEmpty() ? "axpyV" : "rowSums", "shrinkSum", "normalizeV");
    switch (helper) {
      case "axpyV" -> {
        E a = squash(genDouble(ctx, 2), 1);
        out.add(Line.of("axpyV(", a, ", " + source.name + ", " + target.name + ");"));
        target.bound += source.bound * multiplier;
      }
      case "squashInto" -> {
        out.add(Line.of("squashInto(" + source.name + ", " + target.name + ");"));
        target.bound = Math.max(target.bound, 1);
      }
      case "scaleV" -> out.add(Line.of("scaleV(" + target.name + ", ",
          squash(genDouble(ctx, 2), 1), ");"));
      case "rowSums" -> {
        Var a = matrices.get(r.nextInt(matrices.size()));
        out.add(Line.of("rowSums(" + a.name + ", " + target.name + ");"));
        target.bound = Math.max(target.bound, a.bound * m);
      }
      case "shrinkSum", "normalizeV" -> {
        // double taken = shrinkSum(y, c);: the value, and the array written in place
        String name = freshName(ctx, LOCAL_NAMES);
        double taken = Math.max(n, m) * target.bound + 1;
        E call = helper.equals("shrinkSum")
            ? seq("double", taken, "shrinkSum(" + target.name + ", ", squash(genDouble(ctx, 2), 1),
                ")")
            : E.leaf("double", "normalizeV(" + target.name + ")", taken);
        out.add(Line.of("double " + name + " = ", call, ";"));
        ctx.declare(new Var(name, "double", taken));
        if (helper.equals("normalizeV")) {
          target.bound = Math.max(target.bound, 1);
        }
      }
      default -> out.add(Line.of("checkFinite(", genDouble(ctx, 2), ", \"v\");"));
    }
    voidHelpersUsed.computeIfAbsent(ctx.plan.ownerClass, owner -> new LinkedHashSet<>())
        .add(helper);
  }

  private static final String[] COUNTERS = {"i", "j", "l", "ii", "jj", "q"};

  private String counterName(Ctx ctx) {
    for (String name : COUNTERS) {
      if (!ctx.taken(name)) {
        return name;
      }
    }
    return freshName(ctx, new String[] {"i9"});
  }

  private void forLoop(Ctx ctx, List<Node> out) {
    boolean rows = chance(0.75);
    int size = rows ? n : m;
    // The bound: a length expression, a literal, or an int parameter (at most 3).
    String bound;
    int trips;
    List<Var> ints = new ArrayList<>();
    for (Var v : ctx.all()) {
      if (v.type.equals("int") && v.param && v.known) {
        ints.add(v);
      }
    }
    double pick = r.nextDouble();
    if (pick < 0.65) {
      bound = rows ? lengthN(ctx) : lengthM(ctx);
      trips = size;
    } else if (pick < 0.8 || ints.isEmpty()) {
      trips = r.nextInt(size + 1);
      bound = Integer.toString(trips);
    } else {
      Var limit = ints.get(r.nextInt(ints.size()));
      bound = limit.name;
      trips = limit.hi;
      if (trips > (rows ? n : m)) {
        // i < n with n up to 3 may overrun: clamp with Math.min.
        bound = "Math.min(" + limit.name + ", " + (rows ? lengthN(ctx) : lengthM(ctx)) + ")";
        trips = rows ? n : m;
      }
    }
    String i = counterName(ctx);
    Var counter = new Var(i, "int", Math.max(trips, 1));
    counter.assignable = false;
    counter.known = true;
    String form = weighted(new String[] {"up", "down", "fromOne", "lessEqual", "byTwo", "pair",
        "outside", "prefix", "downToOne", "doubleBound", "doubleDown"},
        new int[] {35, 15, 8, 6, 6, 5, 5, 5, 5, 4, 3});
    List<Node> prelude = new ArrayList<>();
    List<Object> header;
    Var second = null;
    switch (form) {
      case "down" -> {
        header = List.of("for (int " + i + " = " + bound + " - 1; " + i + " >= 0; " + i + "--) {");
        counter.lo = 0;
        counter.hi = trips - 1;
      }
      case "fromOne" -> {
        header = List.of("for (int " + i + " = 1; " + i + " < " + bound + "; " + i + "++) {");
        counter.lo = 1;
        counter.hi = trips - 1;
      }
      case "lessEqual" -> {
        header = List.of("for (int " + i + " = 0; " + i + " <= " + bound + " - 1; " + i
            + "++) {");
        counter.lo = 0;
        counter.hi = trips - 1;
      }
      case "byTwo" -> {
        header = List.of("for (int " + i + " = 0; " + i + " < " + bound + "; " + i + " += 2) {");
        counter.lo = 0;
        counter.hi = trips - 1;
      }
      case "pair" -> {
        String j = "r" + i;
        if (ctx.taken(j)) {
          j = freshName(ctx, new String[] {"rv"});
        }
        header = List.of("for (int " + i + " = 0, " + j + " = " + bound + " - 1; " + i + " < "
            + bound + "; " + i + "++, " + j + "--) {");
        counter.lo = 0;
        counter.hi = trips - 1;
        second = new Var(j, "int", Math.max(trips, 1));
        second.known = true;
        second.lo = 0;
        second.hi = trips - 1;
        second.assignable = false;
      }
      case "outside" -> {
        prelude.add(Line.of("int " + i + " = 0;"));
        header = List.of("for (; " + i + " < " + bound + "; " + i + "++) {");
        counter.lo = 0;
        counter.hi = trips - 1;
      }
      case "prefix" -> {
        header = List.of("for (int " + i + " = 0; " + i + " < " + bound + "; ++" + i + ") {");
        counter.lo = 0;
        counter.hi = trips - 1;
      }
      case "doubleBound" -> {
        // A double bound: i < k - 0.5 runs i = 0 .. k - 1, as i < k does.
        header = List.of("for (int " + i + " = 0; " + i + " < " + bound + " - 0.5; " + i
            + "++) {");
        counter.lo = 0;
        counter.hi = trips - 1;
      }
      case "doubleDown" -> {
        header = List.of("for (int " + i + " = " + bound + " - 1; " + i + " > -0.5; " + i
            + "--) {");
        counter.lo = 0;
        counter.hi = trips - 1;
      }
      case "downToOne" -> {
        header = List.of("for (int " + i + " = " + bound + "; " + i + " > 0; " + i + "--) {");
        counter.lo = 1;
        counter.hi = trips;
      }
      default -> {
        header = List.of("for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) {");
        counter.lo = 0;
        counter.hi = trips - 1;
      }
    }
    if (counter.hi < counter.lo) {
      counter.hi = counter.lo; // the loop never runs; the range is moot
    }
    out.addAll(prelude);
    ctx.push();
    ctx.declare(counter);
    if (second != null) {
      ctx.declare(second);
    }
    enterLoop(ctx, Math.max(trips, 1));
    String label = loopLabel(ctx);
    List<Node> body = new ArrayList<>();
    block(ctx, body, 1 + r.nextInt(4), false);
    leaveLoop(ctx, Math.max(trips, 1));
    ctx.pop();
    out.add(new Compound("for", List.of(new Segment(labeled(label, header), body)),
        List.of("}")));
    if (form.equals("outside")) {
      // After the loop the counter is the bound: data, not an index.
      Var after = new Var(i, "int", trips);
      after.assignable = false;
      ctx.declare(after);
    }
  }

  /**
   * A batch loss: {@code total += loss(example i)}, each iteration filling a scratch array
   * before reading it, so that flatgrad runs each iteration's reverse right after its forward.
   * The random statements of the body may still write what others read (then the loop is
   * reversed the general way); the total is in scope only after the loop, so the body cannot
   * read it.
   */
  private void batchLoop(Ctx ctx, List<Node> out) {
    String total = freshName(ctx, new String[] {"total", "batch", "sum"});
    out.add(Line.of("double " + total + " = 0;"));
    // Both names are taken from here on; neither is read nor written until its time comes.
    Var sum = new Var(total, "double", 2.0 * Math.max(n, m));
    sum.initialized = false;
    sum.assignable = false;
    ctx.declare(sum);
    String scratch = freshName(ctx, new String[] {"act", "hid", "scr"}); // not total's name
    out.add(Line.of("double[] " + scratch + " = new double[" + lengthN(ctx) + "];"));
    Var filled = new Var(scratch, "double[]", 2);
    filled.initialized = false;
    filled.assignable = false;
    // Read, never written, by the rest of the body: stores skip "parameters". Its values depend
    // on the differentiated ones, so calls pass it only where a callee differentiates.
    filled.param = true;
    filled.differentiated = true;
    ctx.declare(filled);
    int trips = chance(0.5) ? n : m;
    String bound = trips == n ? lengthN(ctx) : lengthM(ctx);
    String i = counterName(ctx);
    Var counter = new Var(i, "int", Math.max(trips, 1));
    counter.assignable = false;
    counter.known = true;
    counter.lo = 0;
    counter.hi = Math.max(trips - 1, 0);
    ctx.push();
    ctx.declare(counter);
    enterLoop(ctx, Math.max(trips, 1));
    List<Node> body = new ArrayList<>();
    // Fill the scratch array over its whole length from this example.
    String j = counterName(ctx);
    Var inner = new Var(j, "int", n);
    inner.assignable = false;
    inner.known = true;
    inner.lo = 0;
    inner.hi = n - 1;
    ctx.push();
    ctx.declare(inner);
    enterLoop(ctx, n);
    E fill = squash(genDouble(ctx, 2), 2);
    leaveLoop(ctx, n);
    ctx.pop();
    body.add(new Compound("for", List.of(new Segment(List.of("for (int " + j + " = 0; " + j
        + " < " + scratch + ".length; " + j + "++) {"),
        List.of(Line.of(scratch + "[" + j + "] = ", fill, ";")))), List.of("}")));
    filled.initialized = true;
    block(ctx, body, 1 + r.nextInt(3), false);
    E term = squash(genDouble(ctx, 2), 2);
    body.add(Line.of(total + " += ", term, ";"));
    leaveLoop(ctx, Math.max(trips, 1));
    ctx.pop();
    out.add(new Compound("for", List.of(new Segment(List.of("for (int " + i + " = 0; " + i
        + " < " + bound + "; " + i + "++) {"), body)), List.of("}")));
    sum.initialized = true;
    sum.assignable = true;
  }

  /** Arrays an enhanced for can run over: double[] and index-safe int[] vectors of length n. */
  private List<Var> iterable(Ctx ctx) {
    List<Var> arrays = new ArrayList<>(ctx.of("double[]"));
    for (Var v : ctx.of("int[]")) {
      if (v.indexSafe) {
        arrays.add(v);
      }
    }
    return arrays;
  }

  /** {@code for (double e : xs) { ... }} or {@code for (int e : idx) { ... }}. */
  private void enhancedFor(Ctx ctx, List<Node> out) {
    List<Var> arrays = iterable(ctx);
    Var array = arrays.get(r.nextInt(arrays.size()));
    String name = freshName(ctx, new String[] {"e", "el", "val", "xi"});
    boolean ints = array.type.equals("int[]");
    Var element = new Var(name, ints ? "int" : "double", ints ? n : readBound(ctx, array));
    element.assignable = false;
    if (ints) {
      element.known = true;
      element.lo = 0;
      element.hi = n - 1;
    }
    String declared = ints ? pickString("int", "var", "final int") : pickString("double",
        "double", "var", "final double");
    ctx.push();
    ctx.declare(element);
    enterLoop(ctx, Math.max(n, 1));
    String label = loopLabel(ctx);
    List<Node> body = new ArrayList<>();
    boolean outer = ctx.iterated.add(array.name);
    block(ctx, body, 1 + r.nextInt(4), false);
    if (outer) {
      ctx.iterated.remove(array.name);
    }
    leaveLoop(ctx, Math.max(n, 1));
    ctx.pop();
    out.add(new Compound("for", List.of(new Segment(labeled(label,
        List.of("for (" + declared + " " + name + " : " + array.name + ") {")), body)),
        List.of("}")));
  }

  /** Int variables with a known small range: switch selectors. */
  private List<Var> selectors(Ctx ctx) {
    List<Var> ints = new ArrayList<>(ctx.of("enum"));
    for (Var v : ctx.of("int")) {
      if (v.known && v.hi - v.lo <= 8) {
        ints.add(v);
      }
    }
    return ints;
  }

  /**
   * A switch on an int with a known range: the classic form (each case a block, ending in a
   * break or falling through) or the arrow form, labels inside and just outside the range.
   */
  private void switchStatement(Ctx ctx, List<Node> out, boolean jumps) {
    List<Var> candidates = selectors(ctx);
    Var selector = candidates.get(r.nextInt(candidates.size()));
    boolean onEnum = selector.type.equals("enum");
    List<Integer> values = new ArrayList<>();
    if (onEnum) {
      // An enum parameter: its constants' names are the labels, by their index here.
      for (int v = 0; v < enumConstants.size(); v++) {
        values.add(v);
      }
    } else {
      for (int v = selector.lo - 1; v <= selector.hi + 1; v++) {
        values.add(v);
      }
    }
    java.util.Collections.shuffle(values, r);
    int cases = Math.min(values.size(), 1 + r.nextInt(3));
    boolean arrows = chance(0.4);
    boolean withDefault = chance(0.7);
    int defaultAt = withDefault ? r.nextInt(cases + 1) : -1;
    // Sometimes on a char, (char) (k + 'm'), with letters as labels: 'n' for k = 1.
    boolean onChar = !onEnum && selector.lo >= -12 && selector.hi <= 12 && chance(0.3);
    // Sometimes on a String, "" + k, with the numbers' text as labels: "-1" for k = -1.
    boolean onString = !onEnum && !onChar && chance(0.2);
    List<Segment> segments = new ArrayList<>();
    String close = "";
    int used = 0;
    for (int c = 0; c <= cases; c++) {
      String labels;
      if (c == defaultAt) {
        labels = arrows ? "default ->" : "default:";
      } else if (used < cases && c < cases + (withDefault ? 1 : 0)) {
        int count = Math.min(cases - used, chance(0.25) ? 2 : 1);
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < count; k++) {
          int value = values.get(used++);
          String label = onEnum ? enumConstants.get(value)
              : onChar ? "'" + (char) ('m' + value) + "'"
              : onString ? "\"" + value + "\"" : String.valueOf(value);
          if (arrows) {
            text.append(k == 0 ? "case " : ", ").append(label);
          } else {
            text.append("case ").append(label).append(": ");
          }
        }
        labels = arrows ? text + " ->" : text.toString().trim();
      } else {
        continue;
      }
      String selected = onChar ? "(char) (" + selector.name + " + 'm')"
          : onString ? "\"\" + " + selector.name : selector.name;
      String opening = segments.isEmpty() ? "switch (" + selected + ") { " : close;
      segments.add(new Segment(List.of(opening + labels + " {"), nested(ctx, 1 + r.nextInt(2))));
      List<Node> body = segments.get(segments.size() - 1).body;
      String ending = arrows ? "none" : pickString("inside", "after", "after", "none");
      if (ending.equals("inside") && jumps) {
        body.add(Line.jump("break;"));
      }
      close = ending.equals("after") ? "} break; " : "} ";
    }
    if (segments.isEmpty()) {
      return;
    }
    out.add(new Compound("switch", segments, List.of("} }")));
  }

  /** A label for a loop about to be generated, sometimes; pushed while its body is generated. */
  private String loopLabel(Ctx ctx) {
    if (!chance(0.25)) {
      return null;
    }
    String label = "L" + ctx.labelCount++;
    ctx.loopLabels.pop();
    ctx.loopLabels.push(label);
    return label;
  }

  private static List<Object> labeled(String label, List<Object> header) {
    List<Object> labeled = new ArrayList<>();
    if (label != null) {
      labeled.add(label + ": ");
    }
    labeled.addAll(header);
    return labeled;
  }

  private void enterLoop(Ctx ctx, int trips) {
    ctx.loopLabels.push("");
    ctx.loopDepth++;
    ctx.loopMultiplier *= trips;
  }

  private void leaveLoop(Ctx ctx, int trips) {
    ctx.loopLabels.pop();
    ctx.loopDepth--;
    ctx.loopMultiplier /= trips;
  }

  /** {@code int k = 0; while (k < 3 [&& cond]) { k++; ... }}, or the do/while form. */
  private void whileLoop(Ctx ctx, List<Node> out, boolean doWhile) {
    String k = freshName(ctx, new String[] {"k", "it", "step"});
    int limit = 1 + r.nextInt(Math.max(n, 3));
    out.add(Line.of("int " + k + " = 0;"));
    Var counter = new Var(k, "int", limit);
    counter.assignable = false;
    counter.known = true;
    counter.lo = 1;
    counter.hi = limit;
    E condition = E.leaf("boolean", k + " < " + limit, 0);
    if (!doWhile && chance(0.35)) {
      condition = E.binary("boolean", "&&", Model.AND, condition, genCondition(ctx, 1), 0);
    }
    ctx.push();
    ctx.declare(counter);
    enterLoop(ctx, limit);
    String label = loopLabel(ctx);
    List<Node> body = new ArrayList<>();
    Line increment = Line.of(k + "++;");
    increment.pinned = true;
    body.add(increment);
    block(ctx, body, 1 + r.nextInt(3), false);
    leaveLoop(ctx, limit);
    ctx.pop();
    Var after = new Var(k, "int", limit);
    after.assignable = false;
    ctx.declare(after);
    if (doWhile) {
      out.add(new Compound("do", List.of(new Segment(labeled(label, List.of("do {")), body)),
          List.of("} while (", condition, ");")));
    } else {
      out.add(new Compound("while", List.of(new Segment(
          labeled(label, List.of("while (", condition, ") {")), body)), List.of("}")));
    }
  }

  /**
   * {@code double d; int k = 0; do { d = ...; ... } while (d > 1e-3 && k++ < 3);}: a do/while
   * whose condition reads a variable first assigned in its body, as iterations to a tolerance
   * are written. The assignment comes first, so no jump leaves d unassigned.
   */
  private void doUntil(Ctx ctx, List<Node> out) {
    String d = freshName(ctx, new String[] {"diff", "delta", "err", "d2", "change"});
    out.add(Line.of("double " + d + ";"));
    Var dv = new Var(d, "double", LIMIT);
    dv.initialized = false;
    dv.assignable = false;
    ctx.declare(dv);
    String k = freshName(ctx, new String[] {"k", "it", "iter", "n2"});
    int limit = 1 + r.nextInt(4);
    out.add(Line.of("int " + k + " = 0;"));
    String form = pickString("after", "after", "before", "prefix");
    Var counter = new Var(k, "int", limit + 1);
    counter.assignable = false;
    counter.known = true;
    counter.lo = 0;
    // k++ < L after the test of d lets the body run with k = L; ++k < L only up to L - 1.
    counter.hi = form.equals("prefix") ? Math.max(limit - 1, 0) : limit;
    ctx.push();
    ctx.declare(counter);
    enterLoop(ctx, limit + 1);
    String label = loopLabel(ctx);
    List<Node> body = new ArrayList<>();
    E value = squash(genDouble(ctx, 3), LIMIT);
    body.add(Line.of(d + " = ", value, ";"));
    dv.initialized = true;
    dv.assignable = true;
    dv.bound = Math.max(value.bound, 0.5);
    block(ctx, body, r.nextInt(3), false);
    leaveLoop(ctx, limit + 1);
    ctx.pop();
    String tolerance = pickString("1e-3", "0.1", "0.5", "-0.25");
    String test = pickString(d + " > " + tolerance, "Math.abs(" + d + ") > " + tolerance,
        d + " * " + d + " > " + tolerance);
    String condition = switch (form) {
      case "before" -> k + "++ < " + limit + " && " + test;
      case "prefix" -> test + " && ++" + k + " < " + limit;
      default -> test + " && " + k + "++ < " + limit;
    };
    out.add(new Compound("do", List.of(new Segment(labeled(label, List.of("do {")), body)),
        List.of("} while (" + condition + ");")));
    Var after = new Var(k, "int", limit + 1);
    after.assignable = false;
    ctx.declare(after);
  }

  // ---------------------------------------------------------------------------------------------
  // expressions

  private E literal() {
    String text = pickString("0.5", "1.5", "2", "3", "0.25", "1e-1", "2.", "0.75", "1", ".5",
        "3d", "0x1p-1", "1_0.0", "0.3", "1.0", "4");
    double value = switch (text) {
      case "1e-1" -> 0.1;
      case "3d" -> 3;
      case "0x1p-1" -> 0.5;
      case "1_0.0" -> 10;
      default -> Double.parseDouble(text);
    };
    String type = text.matches("[0-9]+") ? "int" : "double";
    return E.leaf(type, text, Math.abs(value));
  }

  private E doubleLiteral() {
    E literal = literal();
    if (literal.type.equals("int")) {
      return E.leaf("double", literal.render() + ".0", literal.bound);
    }
    return literal;
  }

  private E read(Ctx ctx, Var v) {
    double bound = v.bound;
    if (v.loopLevel < ctx.loopDepth && v.assignable) {
      bound = bound * 2 + 2; // an update later in the loop may have grown it
    }
    return E.leaf(v.type.equals("int") ? "int" : "double", v.name, bound);
  }

  /** A double-valued expression; the result may be int-typed only inside larger ones. */
  E genDouble(Ctx ctx, int depth) {
    E e = genNumber(ctx, depth);
    if (e.type.equals("int")) {
      e = chance(0.5) ? E.cast("double", e, e.bound)
          : E.binary("double", "*", Model.MULTIPLICATIVE, e, doubleLiteral(), e.bound * 10);
    }
    return e;
  }

  private E genNumber(Ctx ctx, int depth) {
    if (depth <= 0 || chance(0.25)) {
      return leafDouble(ctx);
    }
    String op = weighted(new String[] {"+", "-", "*", "/", "neg", "fn1", "fn2", "ternary", "int",
        "call", "paren", "enumMethod", "lambda"}, new int[] {16, 10, 14, 7, 4, 26, 9, 5, 3,
        ctx.calls < 2 && !scalarTargets(ctx).isEmpty() ? 5 : 0, 1,
        enumMethodsHere(ctx) ? 4 : 0, lambdaWeight(ctx)});
    E e = switch (op) {
      case "+", "-" -> {
        E a = genNumber(ctx, depth - 1);
        E b = genNumber(ctx, depth - 1);
        yield E.binary(promote(a, b), op, Model.ADDITIVE, a, b, a.bound + b.bound);
      }
      case "*" -> {
        E a = genNumber(ctx, depth - 1);
        E b = genNumber(ctx, depth - 1);
        if (a.bound * b.bound > LIMIT * 4) {
          b = squash(b, 1.5);
        }
        yield E.binary(promote(a, b), "*", Model.MULTIPLICATIVE, a, b, a.bound * b.bound);
      }
      case "/" -> {
        E a = genDouble(ctx, depth - 1);
        yield E.binary("double", "/", Model.MULTIPLICATIVE, a, divisor(ctx), a.bound);
      }
      case "neg" -> {
        E a = genNumber(ctx, depth - 1);
        yield chance(0.8) ? E.unary(a.type, "-", a, a.bound) : E.unary(a.type, "+", a, a.bound);
      }
      case "fn1" -> function1(ctx, depth);
      case "fn2" -> function2(ctx, depth);
      case "ternary" -> {
        E c = genCondition(ctx, depth - 1);
        E a = genNumber(ctx, depth - 1);
        E b = genNumber(ctx, depth - 1);
        yield E.ternary(promote(a, b), c, a, b, Math.max(a.bound, b.bound));
      }
      case "int" -> genInt(ctx, depth - 1);
      case "call" -> call(ctx, depth);
      case "enumMethod" -> enumMethodNumber(ctx, depth);
      case "lambda" -> lambdaCall(ctx, depth);
      default -> {
        E a = genNumber(ctx, depth - 1);
        yield E.template(a.type, Model.PRIMARY, "({})", a.bound, a);
      }
    };
    return e.bound > LIMIT * 2 ? squash(e, LIMIT) : e;
  }

  private static String promote(E a, E b) {
    return a.type.equals("double") || b.type.equals("double") ? "double" : "int";
  }

  private E leafDouble(Ctx ctx) {
    List<E> options = new ArrayList<>();
    for (Var v : ctx.all()) {
      if (!v.initialized) {
        continue;
      }
      switch (v.type) {
        case "double" -> {
          options.add(read(ctx, v));
          options.add(read(ctx, v)); // favour variables
          options.add(read(ctx, v));
        }
        case "double[]" -> options.add(E.leaf("double", v.name + "[" + index(ctx, n).render()
            + "]", v.param ? 2 : readBound(ctx, v)));
        case "double[][]" -> options.add(E.leaf("double", v.name + "[" + index(ctx, n).render()
            + "][" + index(ctx, m).render() + "]", v.param ? 2 : readBound(ctx, v)));
        case "int" -> {
          if (chance(0.3)) {
            options.add(read(ctx, v));
          }
        }
        case "value" -> {
          E read = chance(0.6) ? valueRead(ctx, v, false) : null;
          if (read != null) {
            options.add(read);
          }
        }
        default -> { }
      }
    }
    options.add(literal());
    if (chance(0.3)) {
      options.add(constant(ctx));
    }
    return options.get(r.nextInt(options.size()));
  }

  private double readBound(Ctx ctx, Var array) {
    return array.loopLevel < ctx.loopDepth ? array.bound * 2 + 2 : array.bound;
  }

  /** Math.PI and Math.E, and the main class's constants where they can be named. */
  private E constant(Ctx ctx) {
    List<E> options = new ArrayList<>();
    options.add(E.leaf("double", staticMath && chance(0.5) ? "PI" : "Math.PI", Math.PI));
    options.add(E.leaf("double", staticMath && chance(0.5) ? "E" : "Math.E", Math.E));
    boolean inOther = ctx.plan.ownerClass.equals(otherClass);
    for (String name : classConstants) {
      if (inOther && privateConstants.contains(name)) {
        continue;
      }
      String text = inOther || chance(0.2) ? mainClass + "." + name : name;
      options.add(E.leaf("double", text, constantBounds.get(name)));
    }
    for (String name : intConstants) {
      options.add(E.leaf("int", inOther ? mainClass + "." + name : name, 3));
    }
    if (tableBound > 0 && !(inOther && privateTable)) {
      options.add(E.leaf("double", (inOther ? mainClass + "." : "") + "T0["
          + index(ctx, n).render() + "]", tableBound));
    }
    return options.get(r.nextInt(options.size()));
  }

  private boolean qualifiedMath = true; // false in a method that may name a variable "java"

  private String math(String function) {
    if (staticMath && chance(0.5)) {
      return function;
    }
    if (chance(0.05)) {
      return "StrictMath." + function;
    }
    return qualifiedMath && chance(0.03) ? "java.lang.Math." + function : "Math." + function;
  }

  /** A divisor at least 1 in magnitude (or a nonzero literal). */
  private E divisor(Ctx ctx) {
    E u = genDouble(ctx, 1);
    return switch (r.nextInt(6)) {
      case 0 -> E.template("double", Model.PRIMARY, "(1 + {} * {})", u.bound, u, u.copy());
      case 1 -> E.template("double", Model.PRIMARY, "(2 + " + math("sin") + "({}))", 3, u);
      case 2 -> E.template("double", Model.PRIMARY, "(1 + " + math("abs") + "({}))", 1 + u.bound, u);
      case 3 -> E.template("double", Model.PRIMARY, math("sqrt") + "(1 + {} * {})", 1 + u.bound, u, u.copy());
      case 4 -> E.template("double", Model.PRIMARY, "(1.5 + " + math("cos") + "({}))", 2.5, u);
      default -> E.leaf("double", pickString("2.0", "1.5", "3.0", "4.0", "1.25"), 1);
    };
  }

  /** {@code e} itself if its magnitude stays under {@code max}, else squashed below it. */
  E squash(E e, double max) {
    return squash(e, max, false);
  }

  /**
   * {@code e} squashed below {@code max}; with {@code positive}, by a function that keeps a
   * positive value positive (no sin), so a log or pow base stays in its domain.
   */
  E squash(E e, double max, boolean positive) {
    if (e.bound <= max) {
      return e;
    }
    if (!e.type.equals("double")) {
      e = E.cast("double", e, e.bound); // else i / (1 + Math.abs(i)) is an int division
    }
    int choice = r.nextInt(6);
    while (positive && choice == 1) {
      choice = r.nextInt(6);
    }
    E squashed = switch (choice) {
      case 0 -> E.call("double", math("tanh"), 1, e);
      case 1 -> E.call("double", math("sin"), 1, e);
      case 2 -> E.call("double", math("atan"), Math.PI / 2, e);
      case 3 -> E.template("double", Model.MULTIPLICATIVE, "{} / (1 + " + math("abs") + "({}))", 1, e, e.copy());
      case 4 -> E.call("double", "Activations.sigmoid", 1, e);
      default -> E.template("double", Model.MULTIPLICATIVE, "{} / (1 + {} * {})", 0.5, e, e.copy(), e.copy());
    };
    if (squashed.bound > max) {
      return E.binary("double", "*", Model.MULTIPLICATIVE, E.leaf("double", "0.5", 0.5),
          squashed, 0.5 * squashed.bound);
    }
    return squashed;
  }

  private static E square(E u, String template) {
    return E.template("double", Model.ADDITIVE, template, u.bound * u.bound + 0.5, u, u.copy());
  }

  /** A value in (0, ∞) away from 0, for log, sqrt and friends. */
  private E positive(Ctx ctx, int depth) {
    E u = genDouble(ctx, depth - 1);
    return switch (r.nextInt(6)) {
      case 0 -> E.template("double", Model.ADDITIVE, "1 + {} * {}", 1 + u.bound * u.bound, u, u.copy());
      case 1 -> E.template("double", Model.ADDITIVE, "1 + " + math("abs") + "({})", 1 + u.bound, u);
      case 2 -> E.template("double", Model.ADDITIVE, "2 + " + math("sin") + "({})", 3, u);
      case 3 -> E.call("double", math("exp"), Math.exp(1), squash(u, 1));
      case 4 -> E.call("double", math("hypot"), u.bound + 1, u, E.leaf("int", "1", 1));
      default -> E.template("double", Model.ADDITIVE, "{} * {} + 0.25", u.bound * u.bound + 0.25, u, u.copy());
    };
  }

  private E function1(Ctx ctx, int depth) {
    String fn = pickString("exp", "log", "log10", "log1p", "expm1", "sqrt", "cbrt", "sin", "cos",
        "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "abs", "sigmoid", "relu",
        "softplus", "exp", "log", "sin", "tanh", "sqrt", "floor", "ceil", "rint", "signum",
        "toRadians", "toDegrees", "copySign", "fma", "scalb", "IEEEremainder", "%");
    return switch (fn) {
      case "floor", "ceil", "rint", "signum" -> { // steps: flat between their jumps
        E a = genDouble(ctx, depth - 1);
        E step = E.call("double", math(fn), a.bound + 1, a);
        E b = genDouble(ctx, depth - 1);
        yield E.template("double", Model.MULTIPLICATIVE, "{} * {}", step.bound * b.bound, step,
            b);
      }
      case "toRadians", "toDegrees" -> {
        E a = squash(genDouble(ctx, depth - 1), 2);
        yield E.call("double", math(fn), fn.equals("toRadians") ? 1 : 2 * 180 / Math.PI, a);
      }
      case "copySign" -> {
        E a = genDouble(ctx, depth - 1);
        yield E.call("double", math("copySign"), a.bound, a, genDouble(ctx, depth - 1));
      }
      case "fma" -> {
        E a = squash(genDouble(ctx, depth - 1), 2);
        E b = squash(genDouble(ctx, depth - 1), 2);
        E c = squash(genDouble(ctx, depth - 1), 2);
        yield E.call("double", math("fma"), 6, a, b, c);
      }
      case "scalb" -> {
        int k = r.nextInt(5) - 2;
        E a = squash(genDouble(ctx, depth - 1), 2);
        yield E.call("double", math("scalb"), 8, a, E.leaf("int", Integer.toString(k), k));
      }
      case "IEEEremainder", "%" -> { // a - b · n, n an integer step; b kept away from 0
        E a = squash(genDouble(ctx, depth - 1), 3);
        E b = E.template("double", Model.ADDITIVE, "1.25 + {} * {}", 2.25, squash(
            genDouble(ctx, depth - 1), 1), squash(genDouble(ctx, depth - 1), 1));
        yield fn.equals("%")
            ? E.template("double", Model.MULTIPLICATIVE, "{} % {}", 2.25, a, b)
            : E.call("double", math("IEEEremainder"), 2.25, a, b);
      }
      case "exp", "expm1", "sinh", "cosh" -> {
        E a = squash(genDouble(ctx, depth - 1), 2.5);
        double bound = fn.equals("cosh") || fn.equals("exp") ? Math.exp(a.bound) + 1
            : Math.exp(a.bound);
        if (fn.equals("exp") && chance(0.3)) {
          yield E.call("double", math("exp"), 1, E.template("double", Model.MULTIPLICATIVE, "-{} * {}", 0, a,
              a.copy()));
        }
        yield E.call("double", math(fn), bound, a);
      }
      case "log", "log10" -> {
        E p = positive(ctx, depth);
        yield E.call("double", math(fn), Math.log(p.bound + 1) + 1, p);
      }
      case "log1p" -> {
        E a = chance(0.5) ? positive(ctx, depth)
            : E.template("double", Model.MULTIPLICATIVE, "0.9 * " + math("tanh") + "({})", 0.9,
                genDouble(ctx, depth - 1));
        yield E.call("double", math("log1p"), Math.log(a.bound + 1) + 3, a);
      }
      case "sqrt" -> {
        E p = positive(ctx, depth);
        yield E.call("double", math("sqrt"), Math.sqrt(p.bound), p);
      }
      case "cbrt" -> {
        E u = genDouble(ctx, depth - 1);
        yield E.call("double", math("cbrt"), 1.5, E.template("double", Model.ADDITIVE, "1.5 + " + math("sin")
            + "({})", 2.5, u));
      }
      case "tan" -> {
        E u = genDouble(ctx, depth - 1);
        yield E.call("double", math("tan"), 1.6, chance(0.5)
            ? E.call("double", math("tanh"), 1, u)
            : E.template("double", Model.MULTIPLICATIVE, "0.5 * " + math("sin") + "({})", 0.5, u));
      }
      case "asin", "acos" -> {
        E u = genDouble(ctx, depth - 1);
        E arg = switch (r.nextInt(3)) {
          case 0 -> E.template("double", Model.MULTIPLICATIVE, "0.9 * " + math("tanh") + "({})", 0.9, u);
          case 1 -> E.template("double", Model.MULTIPLICATIVE, "0.9 * " + math("sin") + "({})", 0.9, u);
          default -> E.template("double", Model.MULTIPLICATIVE, "0.9 * {} / (1 + " + math("abs") + "({}))", 0.9,
              squash(u, 8), u.copy());
        };
        yield E.call("double", math(fn), Math.PI, arg);
      }
      case "sigmoid", "relu", "softplus" -> {
        E a = genDouble(ctx, depth - 1);
        yield E.call("double", "Activations." + fn, fn.equals("sigmoid") ? 1 : a.bound + 1, a);
      }
      case "abs" -> {
        E a = genNumber(ctx, depth - 1);
        yield E.call(a.type, math("abs"), a.bound, a);
      }
      default -> { // sin cos atan tanh
        E a = genDouble(ctx, depth - 1);
        yield E.call("double", math(fn), fn.equals("atan") ? Math.PI / 2 : 1, a);
      }
    };
  }

  private E function2(Ctx ctx, int depth) {
    String fn = pickString("pow", "pow", "atan2", "max", "min", "hypot", "leakyRelu");
    return switch (fn) {
      case "pow" -> switch (r.nextInt(3)) {
        case 0 -> { // positive base, bounded exponent
          E base = E.template("double", Model.ADDITIVE, "1 + " + math("abs") + "({})", 4,
              squash(genDouble(ctx, depth - 1), 3));
          E exponent = squash(genDouble(ctx, depth - 1), 2);
          yield E.call("double", math("pow"), Math.pow(4, 2), base, exponent);
        }
        case 1 -> { // any base, small integral exponent
          E base = squash(genDouble(ctx, depth - 1), 2.5);
          E exponent = pickString("2", "3", "2.0").equals("2") ? E.leaf("int", "2", 2)
              : chance(0.5) ? E.leaf("int", "3", 3) : E.leaf("double", "2.0", 2);
          yield E.call("double", math("pow"), Math.pow(2.5, 3), base, exponent);
        }
        default -> { // positive base, fractional exponent
          E base = positive(ctx, depth);
          base = squash(base, 5, true);
          yield E.call("double", math("pow"), Math.sqrt(5) + 1, base,
              E.leaf("double", pickString("0.5", "1.5", "-0.5", "0.25"), 1.5));
        }
      };
      case "atan2" -> {
        E y = genDouble(ctx, depth - 1);
        // Not at (0, 0), where atan2 has no derivative (an unwritten array entry is exactly 0).
        E x = chance(0.75)
            ? square(genDouble(ctx, depth - 1), "0.5 + {} * {}")
            : E.template("double", Model.ADDITIVE, "{} + 0.125", 0, genDouble(ctx, depth - 1));
        yield E.call("double", math("atan2"), Math.PI, y, x);
      }
      case "max", "min" -> {
        E a = genNumber(ctx, depth - 1);
        E b = genNumber(ctx, depth - 1);
        yield E.call(promote(a, b), math(fn), Math.max(a.bound, b.bound), a, b);
      }
      case "hypot" -> {
        E a = genDouble(ctx, depth - 1);
        E b = E.template("double", Model.ADDITIVE, "0.5 + " + math("abs") + "({})", 0,
            genDouble(ctx, depth - 1));
        yield E.call("double", math("hypot"), a.bound + b.bound + 0.5, a, b);
      }
      default -> {
        E a = genDouble(ctx, depth - 1);
        E slope = chance(0.6) ? E.leaf("double", pickString("0.01", "0.1", "0.2"), 0.2)
            : squash(genDouble(ctx, depth - 1), 1);
        yield E.call("double", "Activations.leakyRelu", a.bound, a, slope);
      }
    };
  }

  /** A call of a generated method, a custom rule, or this method itself (one level down). */
  private E call(Ctx ctx, int depth) {
    List<Plan> targets = scalarTargets(ctx);
    Plan target = targets.get(r.nextInt(targets.size()));
    if (target == ctx.plan && ctx.inLoop()) {
      return leafDouble(ctx); // recursion inside loops multiplies the calls too fast
    }
    List<E> arguments = new ArrayList<>();
    for (Var p : target.params) {
      E argument = argument(ctx, target, p, depth);
      if (argument == null) {
        return leafDouble(ctx);
      }
      arguments.add(argument);
    }
    ctx.calls++;
    calling(ctx, target);
    String name = target == ctx.plan || target.ownerClass.equals(ctx.plan.ownerClass)
        ? (chance(0.8) ? target.name : target.owner + "." + target.name)
        : target.owner + "." + target.name;
    return E.call("double", name, target.bound, arguments.toArray(E[]::new));
  }

  /** The methods an expression may call: those returning double. */
  private List<Plan> scalarTargets(Ctx ctx) {
    List<Plan> targets = new ArrayList<>();
    for (Plan plan : ctx.callable) {
      if (!plan.vector && (RECORD_ARGUMENTS || !plan.takesRecord)) {
        targets.add(plan);
      }
    }
    return targets;
  }

  private E argument(Ctx ctx, Plan target, Var p, int depth) {
    boolean differentiated = target.differentiated.contains(p.name);
    if (p.name.equals(target.depthParam)) {
      if (target == ctx.plan) {
        return E.leaf("int", ctx.plan.depthParam + " - 1", 3);
      }
      return E.leaf("int", Integer.toString(r.nextInt(3)), 2);
    }
    switch (p.type) {
      case "record": {
        // Only with RECORD_ARGUMENTS: a record parameter of the caller of the same type.
        List<E> options = new ArrayList<>();
        for (Var v : ctx.of("record")) {
          if (v.record.equals(p.record) && (differentiated || !v.differentiated)) {
            options.add(E.leaf("record", v.name, 0));
          }
        }
        return options.isEmpty() ? null : options.get(r.nextInt(options.size()));
      }
      case "enum": {
        List<E> options = new ArrayList<>();
        for (Var v : ctx.of("enum")) {
          options.add(E.leaf("enum", v.name, 0));
        }
        options.add(enumConstant(ctx));
        return options.get(r.nextInt(options.size()));
      }
      case "double":
        if (differentiated) {
          return squash(genDouble(ctx, depth - 1), 3);
        }
        return passiveDouble(ctx);
      case "double[]":
      case "double[][]": {
        if (p.type.equals("double[]") && differentiated && depth > 0 && !ctx.noArrayArguments
            && chance(0.15)) {
          // An initializer as the argument, an array of its own: f(new double[] {a, b, c}).
          E[] elements = new E[n];
          double bound = 0;
          for (int i = 0; i < n; i++) {
            elements[i] = squash(genDouble(ctx, depth - 1), 3);
            bound = Math.max(bound, elements[i].bound);
          }
          return E.template("double[]", Model.PRIMARY,
              "new double[] {" + String.join(", ", java.util.Collections.nCopies(n, "{}")) + "}",
              bound, elements);
        }
        List<E> options = new ArrayList<>();
        for (Var v : ctx.of(p.type)) {
          if (differentiated || v.param && !v.differentiated) {
            options.add(E.leaf(p.type, v.name, 0));
          }
        }
        if (p.type.equals("double[]") && m == n) { // a row is a vector only when m == n
          for (Var v : ctx.of("double[][]")) {
            if (differentiated || v.param && !v.differentiated) {
              options.add(E.leaf(p.type, v.name + "[" + index(ctx, n).render() + "]", 0));
            }
          }
        }
        return options.isEmpty() ? null : options.get(r.nextInt(options.size()));
      }
      case "int":
        return E.leaf("int", Integer.toString(r.nextInt(4)), 3);
      case "int[]": {
        List<E> options = new ArrayList<>();
        for (Var v : ctx.of("int[]")) {
          if (v.indexSafe) {
            options.add(E.leaf("int[]", v.name, 0));
          }
        }
        return options.isEmpty() ? null : options.get(r.nextInt(options.size()));
      }
      case "boolean":
        return genCondition(ctx, 1);
      default: {
        List<Var> options = ctx.of("boolean[]");
        return options.isEmpty() ? null
            : E.leaf("boolean[]", options.get(r.nextInt(options.size())).name, 0);
      }
    }
  }

  /** {@code Mode.MID}, as the method's class names it. */
  private E enumConstant(Ctx ctx) {
    return E.leaf("enum", mainType(ctx, "Mode") + "."
        + enumConstants.get(r.nextInt(enumConstants.size())), 0);
  }

  /** A double that does not depend on differentiated parameters. */
  private E passiveDouble(Ctx ctx) {
    List<E> options = new ArrayList<>();
    options.add(doubleLiteral());
    options.add(constant(ctx));
    for (Var v : ctx.all()) {
      if (v.param && v.type.equals("double") && !v.differentiated) {
        options.add(E.leaf("double", v.name, 2));
      }
      if (v.type.equals("int") && v.initialized) {
        options.add(E.cast("double", E.leaf("int", v.name, v.bound), v.bound));
      }
    }
    E e = options.get(r.nextInt(options.size()));
    return e.type.equals("int") ? E.cast("double", e, e.bound) : e;
  }

  /** An int expression (data). */
  E genInt(Ctx ctx, int depth) {
    if (depth <= 0 || chance(0.35)) {
      List<E> options = new ArrayList<>();
      for (Var v : ctx.all()) {
        if (v.type.equals("int") && v.initialized) {
          options.add(E.leaf("int", v.name, v.bound));
        } else if (v.type.equals("int[]")) {
          options.add(E.leaf("int", v.name + "[" + index(ctx, n).render() + "]",
              v.indexSafe ? n : readBound(ctx, v)));
        } else if (v.type.endsWith("]") && chance(0.3)) {
          options.add(E.leaf("int", v.name + ".length", n));
        } else if (v.type.equals("value") && v.initialized && v.value.kind.equals("vec")
            && !(ctx.noInPlaceCalls)
            // (A class's: not where squash may copy the call, twice translated.)
            && (v.value.record || !avoid.contains("value-class-code-twice"))
            && chance(0.3)) {
          // How many components exceed a threshold: an int method of the record.
          options.add(method("int", E.leaf(v.value.name, v.name, v.bound), "above",
              v.value.comps.length, E.leaf("double", pickString("0.0", "0.5", "-1.0"), 1)));
        }
      }
      options.add(E.leaf("int", Integer.toString(r.nextInt(6)), 5));
      if (enumMethods.contains("weight") && enumMethodsHere(ctx) && chance(0.3)) {
        E k = passiveInt(ctx);
        options.add(method("int", enumReceiver(ctx), "weight", 3 * k.bound, k));
      }
      if (chance(0.1)) {
        options.add(E.leaf("int", pickString("0x3", "010", "1_0"), 10));
      }
      for (String c : intConstants) {
        options.add(E.leaf("int", ctx.plan.ownerClass.equals(otherClass) ? mainClass + "." + c
            : c, 3));
      }
      return options.get(r.nextInt(options.size()));
    }
    return switch (r.nextInt(11)) {
      case 9, 10 -> bitwise(ctx, depth);
      case 8 -> { // through the other integer types: long arithmetic, a char and back
        E a = genInt(ctx, depth - 1);
        yield a.bound <= 90 && chance(0.5)
            ? E.template("int", Model.ADDITIVE, "(char) ({} + 'a') - 'a'", a.bound, a)
            : E.template("int", Model.UNARY, "(int) ({} * 3L - 2L)", a.bound * 3 + 2, a);
      }
      case 0, 1 -> {
        E a = genInt(ctx, depth - 1);
        E b = genInt(ctx, depth - 1);
        String op = chance(0.6) ? "+" : "-";
        yield E.binary("int", op, Model.ADDITIVE, a, b, a.bound + b.bound);
      }
      case 2 -> {
        E a = genInt(ctx, depth - 1);
        E b = E.leaf("int", Integer.toString(1 + r.nextInt(3)), 3);
        yield E.binary("int", "*", Model.MULTIPLICATIVE, a, b, a.bound * 3);
      }
      case 3 -> {
        E a = genInt(ctx, depth - 1);
        String op = chance(0.5) ? "/" : "%";
        yield E.binary("int", op, Model.MULTIPLICATIVE, a,
            E.leaf("int", Integer.toString(2 + r.nextInt(2)), 3), a.bound);
      }
      case 4 -> {
        E a = squash(genDouble(ctx, depth - 1), 4);
        yield E.cast("int", chance(0.5) ? a : E.template("double", Model.MULTIPLICATIVE, "{} * 3", a.bound * 3, a),
            a.bound * 3);
      }
      case 5 -> {
        E a = genInt(ctx, depth - 1);
        E b = genInt(ctx, depth - 1);
        String fn = pickString("max", "min");
        yield E.call("int", math(fn), Math.max(a.bound, b.bound), a, b);
      }
      case 6 -> {
        E a = genInt(ctx, depth - 1);
        yield E.call("int", math("abs"), a.bound, a);
      }
      case 7 -> {
        E c = genCondition(ctx, depth - 1);
        E a = genInt(ctx, depth - 1);
        E b = genInt(ctx, depth - 1);
        yield E.ternary("int", c, a, b, Math.max(a.bound, b.bound));
      }
      default -> {
        E a = genInt(ctx, depth - 1);
        yield E.unary("int", "-", a, a.bound);
      }
    };
  }

  /** A shift or a bitwise operator on ints, parenthesized as careful authors write them. */
  private E bitwise(Ctx ctx, int depth) {
    E a = genInt(ctx, depth - 1);
    return switch (r.nextInt(7)) {
      case 0 -> E.template("int", Model.PRIMARY, "(({}) >> " + (1 + r.nextInt(2)) + ")",
          a.bound, a);
      case 1 -> E.template("int", Model.PRIMARY, "(({}) & " + (1 + r.nextInt(7)) + ")", 7, a);
      case 2 -> E.template("int", Model.PRIMARY, "(({}) | " + (1 + r.nextInt(3)) + ")",
          a.bound + 3, a);
      case 3 -> E.template("int", Model.PRIMARY, "(({}) ^ " + (1 + r.nextInt(7)) + ")",
          a.bound + 7, a);
      case 4 -> E.template("int", Model.PRIMARY, "(~({}))", a.bound + 1, a);
      case 5 -> E.template("int", Model.PRIMARY, "(({}) << 1)", a.bound * 2, a);
      default -> {
        // The binary-search midpoint, of non-negative operands.
        E b = genInt(ctx, depth - 1);
        yield E.template("int", Model.PRIMARY, "((" + math("abs") + "({}) + " + math("abs")
            + "({})) >>> 1)", (a.bound + b.bound) / 2 + 1, a, b);
      }
    };
  }

  /** An index known to lie in [0, size). */
  private E index(Ctx ctx, int size) {
    List<E> options = new ArrayList<>();
    options.add(E.leaf("int", Integer.toString(r.nextInt(size)), size));
    String length = size == n ? lengthN(ctx) : lengthM(ctx);
    for (Var v : ctx.all()) {
      if (!v.type.equals("int")) {
        if (v.type.equals("int[]") && v.indexSafe && size == n) {
          options.add(E.leaf("int", v.name + "[" + r.nextInt(n) + "]", n));
        }
        continue;
      }
      if (v.known && v.lo >= 0 && v.hi <= size - 1) {
        options.add(E.leaf("int", v.name, size));
        options.add(E.leaf("int", v.name, size));
        options.add(E.leaf("int", length + " - 1 - " + v.name, size));
        options.add(E.leaf("int", "(" + v.name + " + " + (1 + r.nextInt(2)) + ") % " + length,
            size));
        options.add(E.leaf("int", math("min") + "(" + v.name + " + 1, " + length + " - 1)",
            size));
      } else if (v.known && v.lo >= 1 && v.hi <= size) {
        options.add(E.leaf("int", v.name + " - 1", size));
        options.add(E.leaf("int", math("max") + "(" + v.name + " - 2, 0)", size));
      } else if (v.bound < 1e5) {
        if (chance(0.3)) {
          options.add(E.leaf("int", math("abs") + "(" + v.name + ") % " + length, size));
        }
      }
    }
    return options.get(r.nextInt(options.size()));
  }

  E genCondition(Ctx ctx, int depth) {
    int choice = depth <= 0 ? r.nextInt(4) : r.nextInt(9);
    return switch (choice) {
      case 0, 1 -> {
        List<Var> doubles = ctx.of("double");
        E a = !doubles.isEmpty() && chance(0.6)
            ? read(ctx, doubles.get(r.nextInt(doubles.size())))
            : genDouble(ctx, Math.max(depth - 1, 0));
        E b = chance(0.6) ? doubleLiteral() : genDouble(ctx, Math.max(depth - 1, 0));
        if (chance(0.3) && b.type.equals("double")) {
          b = E.unary("double", "-", b, b.bound);
        }
        String op = pickString("<", ">", "<=", ">=", "<", ">", "!=");
        yield E.binary("boolean", op, op.equals("!=") ? Model.EQUALITY : Model.RELATIONAL, a, b,
            0);
      }
      case 2 -> {
        E a = genInt(ctx, Math.max(depth - 1, 0));
        if (chance(0.5)) {
          E parity = E.binary("int", "%", Model.MULTIPLICATIVE, a, E.leaf("int", "2", 2), 2);
          yield E.binary("boolean", "==", Model.EQUALITY, parity, E.leaf("int", "0", 0), 0);
        }
        E b = E.leaf("int", Integer.toString(r.nextInt(4)), 3);
        String op = pickString("<", ">", "<=", ">=", "==", "!=");
        yield E.binary("boolean", op,
            op.equals("==") || op.equals("!=") ? Model.EQUALITY : Model.RELATIONAL, a, b, 0);
      }
      case 3 -> {
        List<E> options = new ArrayList<>();
        for (Var v : ctx.all()) {
          if (v.type.equals("boolean") && v.initialized) {
            options.add(E.leaf("boolean", v.name, 0));
          } else if (v.type.equals("boolean[]")) {
            options.add(E.leaf("boolean", v.name + "[" + index(ctx, n).render() + "]", 0));
          } else if (v.type.equals("enum")) {
            options.add(E.binary("boolean", pickString("==", "!="), Model.EQUALITY,
                E.leaf("enum", v.name, 0), enumConstant(ctx), 0));
            if (enumMethods.contains("isFirst") && enumMethodsHere(ctx)) {
              options.add(method("boolean", E.leaf("enum", v.name, 0), "isFirst", 0));
            }
          } else if (v.type.equals("value") && v.initialized && v.value.kind.equals("vec")
              && !(ctx.noInPlaceCalls)) {
            // A boolean method of the record.
            options.add(method("boolean", E.leaf(v.value.name, v.name, v.bound), "inside",
                0, E.leaf("double", pickString("1.0", "2.0", "0.5"), 2)));
          }
        }
        if (options.isEmpty()) {
          yield genCondition(ctx, 0 /* fall back to a comparison */ + Math.max(depth - 1, 0));
        }
        yield options.get(r.nextInt(options.size()));
      }
      case 4 -> E.unary("boolean", "!", genCondition(ctx, depth - 1), 0);
      case 5, 6 -> {
        E a = genCondition(ctx, depth - 1);
        E b = genCondition(ctx, depth - 1);
        if (chance(0.2)) { // both sides evaluated: & ^ | of booleans
          yield E.template("boolean", Model.PRIMARY,
              "(({}) " + pickString("&", "^", "|") + " ({}))", 0, a, b);
        }
        yield chance(0.5) ? E.binary("boolean", "&&", Model.AND, a, b, 0)
            : E.binary("boolean", "||", Model.OR, a, b, 0);
      }
      case 7 -> {
        E a = genCondition(ctx, depth - 1);
        E b = genCondition(ctx, depth - 1);
        yield E.binary("boolean", pickString("==", "!="), Model.EQUALITY, a, b, 0);
      }
      default -> {
        E c = genCondition(ctx, depth - 1);
        E a = genCondition(ctx, depth - 1);
        E b = chance(0.2) ? E.leaf("boolean", pickString("true", "false"), 0)
            : genCondition(ctx, depth - 1);
        yield E.ternary("boolean", c, a, b, 0);
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // records and small classes held as values

  /**
   * A record or small class of this file that bodies hold as values. Kinds: {@code vec}, a
   * record or an immutable class of two or three doubles with arithmetic (two components
   * multiply as complex numbers, three elementwise); {@code body}, a record of two vecs stepped
   * in time; {@code stats}, Welford's running mean and variance; {@code osc}, a damped
   * oscillator. The last two change in place through void methods and are never shared.
   */
  private static final class ValueType {
    final String name;
    final String kind;
    final boolean record;
    final String[] comps;
    /** A body's vec. */
    ValueType inner;
    boolean topLevel;
    boolean isPrivate;
    /** A class's fields read through methods {@code x()} (records always are). */
    boolean accessors;
    /** Optional members: the constant UNIT, the factories of(double[]) and polar(r, t). */
    boolean unit;
    boolean of;
    boolean polar;
    /** Static helpers of the main class taking two vecs, or null. */
    String dist;
    String mid;
    boolean helpersPrivate;

    ValueType(String name, String kind, boolean record, String[] comps) {
      this.name = name;
      this.kind = kind;
      this.record = record;
      this.comps = comps;
    }

    boolean mutable() {
      return kind.equals("stats") || kind.equals("osc");
    }

    /** How code reads component {@code i} of {@code receiver}. */
    String read(String receiver, int i) {
      return receiver + "." + comps[i] + (record || accessors ? "()" : "");
    }
  }

  private final List<ValueType> valueTypes = new ArrayList<>();

  /**
   * One to three value types, nested in the main class (maybe private) or top-level in the file,
   * and static helpers of the main class that take and return vecs.
   */
  private void declareValueTypes(List<Member> mainMembers, List<ClassDecl> topLevel) {
    int count = pick(new int[] {1, 2, 2, 3});
    Set<String> taken = new HashSet<>();
    for (int k = 0; k < count; k++) {
      // The first a vec (a body holds one); then any, a second vec less often.
      boolean stats = valueTypes.stream().anyMatch(t -> t.kind.equals("stats"));
      boolean osc = valueTypes.stream().anyMatch(t -> t.kind.equals("osc"));
      String kind = k == 0 ? "vec" : weighted(new String[] {"vec", "body", "stats", "osc"},
          new int[] {2, 3, stats ? 0 : 3, osc ? 0 : 3});
      // Top-level types of the programs compiled together share the package: a tag apart.
      boolean top = chance(0.25);
      String suffix = top ? "_" + tag : "";
      ValueType t;
      List<Member> members;
      switch (kind) {
        case "vec" -> {
          int dims = chance(0.6) ? 2 : 3;
          boolean record = chance(0.65);
          String[] names = dims == 2
              ? (record ? new String[] {"Vec2", "Cx", "Pt2"} : new String[] {"Cplx", "Pair2"})
              : (record ? new String[] {"Vec3", "Pt3"} : new String[] {"Triple", "Trip3"});
          String name = pickFree(names, taken);
          if (name == null) {
            continue;
          }
          taken.add(name);
          name += suffix;
          String[] comps = dims == 2
              ? (chance(0.5) ? new String[] {"x", "y"} : new String[] {"re", "im"})
              : (chance(0.6) ? new String[] {"x", "y", "z"} : new String[] {"u", "v", "w"});
          t = new ValueType(name, kind, record, comps);
          t.accessors = !record && chance(0.5);
          t.unit = chance(0.5);
          t.of = chance(0.5);
          t.polar = dims == 2 && chance(0.5);
          members = vecMembers(t);
        }
        case "body" -> {
          List<ValueType> vecs = valueTypes.stream().filter(v -> v.kind.equals("vec")).toList();
          String name = pickFree(new String[] {"Body", "Particle"}, taken);
          if (name == null) {
            continue;
          }
          taken.add(name);
          ValueType inner = vecs.get(r.nextInt(vecs.size()));
          // A body refers to its vec: top-level only with a top-level vec.
          top &= inner.topLevel;
          t = new ValueType(top ? name + "_" + tag : name, kind, true,
              new String[] {"pos", "vel"});
          t.inner = inner;
          members = bodyMembers(t);
        }
        case "stats" -> {
          t = new ValueType("Stats" + suffix, kind, false, new String[0]);
          members = statsMembers();
        }
        default -> {
          t = new ValueType("Osc" + suffix, kind, false, new String[] {"x", "v"});
          members = oscMembers(t.name);
        }
      }
      // Private with a private vec.
      t.topLevel = top;
      t.isPrivate = !t.topLevel && (chance(0.25) || t.inner != null && t.inner.isPrivate);
      String modifiers;
      if (t.topLevel) {
        modifiers = t.record ? "" : pickString("", "final");
      } else if (t.record) {
        modifiers = t.isPrivate ? pickString("private", "private static") : pickString("", "static");
      } else {
        modifiers = (t.isPrivate ? "private " : "") + pickString("static final", "static");
      }
      String components = "";
      if (t.record) {
        List<String> parts = new ArrayList<>();
        for (String c : t.comps) {
          parts.add((t.inner != null ? t.inner.name : "double") + " " + c);
        }
        components = "(" + String.join(", ", parts) + ")";
      }
      ClassDecl decl = new ClassDecl(t.name, modifiers, t.record ? "record" : "class",
          components, members);
      if (t.topLevel) {
        topLevel.add(decl);
      } else {
        mainMembers.add(decl);
      }
      valueTypes.add(t);
      if (kind.equals("vec")) {
        t.helpersPrivate = chance(0.3);
        String modifier = t.helpersPrivate ? "private static " : "static ";
        if (chance(0.4)) {
          t.dist = "dist" + t.name;
          mainMembers.add(new Raw(t.dist, modifier + "double " + t.dist + "(" + t.name + " a, "
              + t.name + " b) {\n  " + t.name + " d = a.minus(b);\n  return d.dot(d);\n}"));
        }
        if (chance(0.4)) {
          t.mid = "mid" + t.name;
          mainMembers.add(new Raw(t.mid, modifier + t.name + " " + t.mid + "(" + t.name + " a, "
              + t.name + " b) {\n  return a.plus(b).times(0.5);\n}"));
        }
      }
    }
  }

  /** {@code new T(e0, e1)} with each component's expression made by {@code component}. */
  private static String made(ValueType t, java.util.function.Function<String, String> component) {
    List<String> parts = new ArrayList<>();
    for (String c : t.comps) {
      parts.add(component.apply(c));
    }
    return "new " + t.name + "(" + String.join(", ", parts) + ")";
  }

  private List<Member> vecMembers(ValueType t) {
    List<Member> members = new ArrayList<>();
    String n = t.name;
    String[] c = t.comps;
    boolean two = c.length == 2;
    if (!t.record) {
      // Final fields, a constructor, and one delegating to it with this(...).
      for (String field : c) {
        members.add(new Raw(field, (t.accessors ? "private " : "") + "final double " + field
            + ";"));
      }
      StringBuilder constructor = new StringBuilder(n + "(");
      for (int i = 0; i < c.length; i++) {
        constructor.append(i > 0 ? ", " : "").append("double ").append(c[i]);
      }
      constructor.append(") {\n");
      for (String field : c) {
        constructor.append("  this.").append(field).append(" = ").append(field).append(";\n");
      }
      members.add(new Raw(n, constructor.append("}").toString()));
      List<String> delegated = new ArrayList<>(List.of("s"));
      for (int i = 1; i < c.length; i++) {
        delegated.add(two ? "0.0" : "s");
      }
      members.add(new Raw(n, n + "(double s) {\n  this(" + String.join(", ", delegated)
          + ");\n}"));
    }
    if (t.unit) {
      List<String> unit = new ArrayList<>(List.of("1.0"));
      for (int i = 1; i < c.length; i++) {
        unit.add("0.0");
      }
      members.add(new Raw("UNIT", "static final " + n + " UNIT = new " + n + "("
          + String.join(", ", unit) + ");"));
    }
    if (t.of) {
      members.add(new Raw("of", "static " + n + " of(double[] a) {\n  return new " + n
          + (two ? "(a[0], a[a.length - 1]);" : "(a[0], a[a.length / 2], a[a.length - 1]);")
          + "\n}"));
    }
    if (t.polar) {
      members.add(new Raw("polar", "static " + n + " polar(double r, double t) {\n  return new "
          + n + "(r * Math.cos(t), r * Math.sin(t));\n}"));
    }
    if (t.accessors) {
      for (String field : c) {
        members.add(new Raw(field, "double " + field + "() {\n  return " + field + ";\n}"));
      }
    }
    // Other objects' components: fields, or accessors where there are (a record's, always).
    boolean methods = t.record || t.accessors;
    members.add(new Raw("plus", n + " plus(" + n + " o) {\n  return "
        + made(t, f -> f + " + o." + f) + ";\n}"));
    members.add(new Raw("minus", n + " minus(" + n + " o) {\n  return "
        + made(t, f -> f + " - o." + f + (methods ? "()" : "")) + ";\n}"));
    members.add(new Raw("times", n + " times(double s) {\n  return " + made(t, f -> "s * " + f)
        + ";\n}"));
    if (two) {
      members.add(new Raw("times", n + " times(" + n + " o) {\n  return new " + n + "(" + c[0]
          + " * o." + c[0] + " - " + c[1] + " * o." + c[1] + ", " + c[0] + " * o." + c[1] + " + "
          + c[1] + " * o." + c[0] + ");\n}"));
      members.add(new Raw("conj", n + " conj() {\n  return new " + n + "(" + c[0] + ", -" + c[1]
          + ");\n}"));
    } else {
      members.add(new Raw("times", n + " times(" + n + " o) {\n  return "
          + made(t, f -> f + " * o." + f) + ";\n}"));
    }
    List<String> products = new ArrayList<>();
    for (String f : c) {
      products.add(f + " * o." + f);
    }
    members.add(new Raw("dot", "double dot(" + n + " o) {\n  return "
        + String.join(" + ", products) + ";\n}"));
    members.add(new Raw("norm2", "double norm2() {\n  return dot(this);\n}"));
    members.add(new Raw("limited", n + " limited(double r) {\n"
        + "  double n2 = norm2();\n"
        + "  if (n2 <= r * r) {\n"
        + "    return this;\n"
        + "  }\n"
        + "  return times(r / Math.sqrt(n2));\n"
        + "}"));
    members.add(new Raw("inside", "boolean inside(double r) {\n  return norm2() < r * r;\n}"));
    StringBuilder above = new StringBuilder("int above(double t) {\n  int k = 0;\n");
    for (String f : c) {
      above.append("  if (").append(f).append(" > t) {\n    k++;\n  }\n");
    }
    members.add(new Raw("above", above.append("  return k;\n}").toString()));
    return members;
  }

  private List<Member> bodyMembers(ValueType t) {
    String v = t.inner.name;
    String n = t.name;
    return new ArrayList<>(List.of(
        new Raw("step", n + " step(" + v + " force, double dt) {\n"
            + "  " + v + " v = vel.times(0.9).plus(force.times(dt));\n"
            + "  return new " + n + "(pos.times(0.9).plus(v.times(dt)), v);\n"
            + "}"),
        new Raw("energy", "double energy() {\n"
            + "  return 0.5 * (vel.dot(vel) + pos.dot(pos));\n"
            + "}")));
  }

  private List<Member> statsMembers() {
    return new ArrayList<>(List.of(
        new Raw("n", "private int n;"),
        new Raw("mean", "private double mean;"),
        new Raw("m2", chance(0.5) ? "private double m2 = 0.0;" : "private double m2;"),
        new Raw("add", """
            void add(double x) {
              n++;
              double delta = x - mean;
              mean += delta / n;
              m2 += delta * (x - mean);
            }"""),
        new Raw("mean", "double mean() {\n  return mean;\n}"),
        new Raw("variance", "double variance() {\n  return n > 1 ? m2 / (n - 1) : 0.0;\n}")));
  }

  private List<Member> oscMembers(String name) {
    return new ArrayList<>(List.of(
        new Raw("x", "double x;"),
        new Raw("v", "double v;"),
        new Raw("mass", "final double mass;"),
        new Raw("stiffness", "final double stiffness = " + pickString("1.0", "2.0", "0.5") + ";"),
        new Raw(name, """
            %s(double x, double v, double mass) {
              this.x = x;
              this.v = v;
              this.mass = mass;
            }""".formatted(name)),
        new Raw("step", """
            void step(double force, double dt) {
              v = 0.9 * v + force / mass * dt;
              x = 0.9 * x + v * dt;
            }"""),
        new Raw("energy", """
            double energy() {
              return 0.5 * mass * v * v + 0.5 * stiffness * x * x;
            }""")));
  }

  /** Whether the method being generated can name {@code t} (and its vec). */
  private boolean usable(Ctx ctx, ValueType t) {
    boolean inOther = ctx.plan.ownerClass.equals(otherClass);
    if (inOther && !t.topLevel && avoid.contains("value-methods-from-other-class")) {
      return false;
    }
    return !(inOther && t.isPrivate) && (t.inner == null || usable(ctx, t.inner));
  }

  /** How the method being generated names {@code t}. */
  private String typeRef(Ctx ctx, ValueType t) {
    return t.topLevel ? t.name : mainType(ctx, t.name);
  }

  /**
   * How the method being generated names the constant UNIT of {@code t}: through its type as
   * the method names it ({@code Pt2.UNIT}, {@code F.Pt2.UNIT} from another top-level class), or
   * qualified by the main class from anywhere in the file.
   */
  private String unitRef(Ctx ctx, ValueType t) {
    if (RECORD_CONSTANTS && !t.topLevel && chance(0.35)) {
      return mainClass + "." + t.name + ".UNIT";
    }
    return typeRef(ctx, t) + ".UNIT";
  }

  /** How the method being generated calls a static helper of the main class, or null. */
  private String helperRef(Ctx ctx, ValueType t, String helper) {
    if (helper == null) {
      return null;
    }
    boolean inOther = ctx.plan.ownerClass.equals(otherClass);
    if (inOther && t.helpersPrivate) {
      return null;
    }
    return inOther ? mainClass + "." + helper : helper;
  }

  private List<Var> valueVars(Ctx ctx, ValueType t) {
    List<Var> vars = new ArrayList<>();
    for (Var v : ctx.of("value")) {
      if (v.value == t) {
        vars.add(v);
      }
    }
    return vars;
  }

  private double valueBound(Ctx ctx, Var v) {
    return v.loopLevel < ctx.loopDepth && v.assignable ? v.bound * 2 + 2 : v.bound;
  }

  /** {@code receiver.name(args)}: a method call whose receiver binds as a primary. */
  private static E method(String type, E receiver, String name, double bound, E... args) {
    String[] parts = new String[args.length + 2];
    parts[0] = "";
    parts[1] = "." + name + "(";
    for (int i = 2; i < args.length + 1; i++) {
      parts[i] = ", ";
    }
    if (args.length == 0) {
      parts[1] += ")";
    } else {
      parts[args.length + 1] = ")";
    }
    List<E> kids = new ArrayList<>();
    kids.add(receiver);
    kids.addAll(List.of(args));
    int[] slots = new int[args.length + 1];
    slots[0] = Model.PRIMARY;
    return new E(type, Model.PRIMARY, parts, kids, slots, bound);
  }

  /** Component {@code i} of a vec-valued expression, as a double. */
  private static E component(ValueType t, E receiver, int i) {
    if (t.record || t.accessors) {
      return method("double", receiver, t.comps[i], receiver.bound);
    }
    return new E("double", Model.PRIMARY, new String[] {"", "." + t.comps[i]}, List.of(receiver),
        new int[] {Model.PRIMARY}, receiver.bound);
  }

  /** {@code e.limited(r)} if {@code e} may exceed {@code max}: its norm at most r. */
  private E limited(E e, double max) {
    if (e.bound <= max) {
      return e;
    }
    String radius = pickString("1.0", "1.5", "2.0");
    double value = Math.min(Double.parseDouble(radius), max);
    radius = Double.toString(value);
    return method(e.type, e, "limited", value, E.leaf("double", radius, value));
  }

  /** A vec-valued expression of type {@code t}; its bound is its largest component's. */
  private E genVec(Ctx ctx, ValueType t, int depth) {
    String type = typeRef(ctx, t);
    List<Var> vars = valueVars(ctx, t);
    List<E> arrays = new ArrayList<>();
    for (Var v : ctx.of("double[]")) {
      arrays.add(E.leaf("double[]", v.name, v.param ? 2 : readBound(ctx, v)));
    }
    String mid = helperRef(ctx, t, t.mid);
    boolean two = t.comps.length == 2;
    String form = weighted(new String[] {"var", "new", "newOne", "unit", "of", "polar", "plus",
        "minus", "scale", "times", "limited", "conj", "mid", "ternary"},
        new int[] {vars.isEmpty() ? 0 : 6, 4, t.record ? 0 : 1, t.unit ? (RECORD_CONSTANTS ? 3 : 1) : 0,
            t.of && !arrays.isEmpty() ? 2 : 0, t.polar ? 2 : 0, depth > 0 ? 3 : 0,
            depth > 0 ? 2 : 0, depth > 0 ? 2 : 0, depth > 0 ? 2 : 0, depth > 0 ? 1 : 0,
            depth > 0 && two ? 1 : 0, depth > 0 && mid != null ? 1 : 0, depth > 0 ? 1 : 0});
    E e = switch (form) {
      case "var" -> {
        Var v = vars.get(r.nextInt(vars.size()));
        yield E.leaf(t.name, v.name, valueBound(ctx, v));
      }
      case "newOne" -> {
        E s = squash(genDouble(ctx, 2), 2);
        yield E.call(t.name, "new " + type, s.bound, s);
      }
      case "unit" -> E.leaf(t.name, unitRef(ctx, t), 1);
      case "of" -> {
        E a = arrays.get(r.nextInt(arrays.size()));
        yield E.call(t.name, type + ".of", a.bound, a);
      }
      case "polar" -> {
        E radius = squash(genDouble(ctx, 2), 2);
        E angle = squash(genDouble(ctx, 2), 3);
        yield E.call(t.name, type + ".polar", radius.bound, radius, angle);
      }
      case "plus", "minus" -> {
        E a = genVec(ctx, t, depth - 1);
        E b = genVec(ctx, t, depth - 1);
        yield method(t.name, a, form, a.bound + b.bound, b);
      }
      case "scale" -> {
        E a = genVec(ctx, t, depth - 1);
        E s = chance(0.5) ? doubleLiteral() : squash(genDouble(ctx, 2), 1.5);
        yield method(t.name, a, "times", a.bound * s.bound, s);
      }
      case "times" -> {
        E a = limited(genVec(ctx, t, depth - 1), 3);
        E b = limited(genVec(ctx, t, depth - 1), 3);
        yield method(t.name, a, "times", a.bound * b.bound * (two ? 2 : 1), b);
      }
      case "limited" -> limited(genVec(ctx, t, depth - 1), 0.5);
      case "conj" -> {
        E a = genVec(ctx, t, depth - 1);
        yield method(t.name, a, "conj", a.bound);
      }
      case "mid" -> {
        E a = genVec(ctx, t, depth - 1);
        E b = genVec(ctx, t, depth - 1);
        yield E.call(t.name, mid, Math.max(a.bound, b.bound), a, b);
      }
      case "ternary" -> {
        E c = genCondition(ctx, 1);
        E a = genVec(ctx, t, depth - 1);
        E b = genVec(ctx, t, depth - 1);
        yield E.ternary(t.name, c, a, b, Math.max(a.bound, b.bound));
      }
      default -> {
        E[] parts = new E[t.comps.length];
        double bound = 0;
        for (int i = 0; i < parts.length; i++) {
          parts[i] = squash(genDouble(ctx, 2), 2);
          bound = Math.max(bound, parts[i].bound);
        }
        yield E.call(t.name, "new " + type, bound, parts);
      }
    };
    return limited(e, LIMIT);
  }

  /** A body-valued expression: its bound is its vecs' largest component's. */
  private E genBody(Ctx ctx, ValueType t, int depth) {
    List<Var> vars = valueVars(ctx, t);
    String form = weighted(new String[] {"var", "new", "step", "ternary"},
        new int[] {vars.isEmpty() ? 0 : 5, 3, depth > 0 ? 3 : 0, depth > 0 ? 1 : 0});
    return switch (form) {
      case "var" -> {
        Var v = vars.get(r.nextInt(vars.size()));
        yield E.leaf(t.name, v.name, valueBound(ctx, v));
      }
      case "step" -> {
        E b = genBody(ctx, t, depth - 1);
        E force = limited(genVec(ctx, t.inner, 1), 2);
        yield method(t.name, b, "step", Math.max(b.bound, force.bound), force,
            E.leaf("double", pickString("0.1", "0.05"), 0.1));
      }
      case "ternary" -> {
        E c = genCondition(ctx, 1);
        E a = genBody(ctx, t, depth - 1);
        E b = genBody(ctx, t, depth - 1);
        yield E.ternary(t.name, c, a, b, Math.max(a.bound, b.bound));
      }
      default -> {
        E pos = limited(genVec(ctx, t.inner, 1), 3);
        E vel = limited(genVec(ctx, t.inner, 1), 3);
        yield E.call(t.name, "new " + typeRef(ctx, t), Math.max(pos.bound, vel.bound), pos,
            vel);
      }
    };
  }

  /**
   * A double read from the value {@code v}: a component, a dot product, a norm, a static helper,
   * a body's energy, an accumulator's mean or variance, an oscillator's field. With {@code rich},
   * the receiver may be an expression ({@code z.times(w).re()}).
   */
  private E valueRead(Ctx ctx, Var v, boolean rich) {
    ValueType t = v.value;
    E self = E.leaf(t.name, v.name, valueBound(ctx, v));
    if (ctx.noInPlaceCalls) {
      // In an assert's message: components only, read from the variable.
      return switch (t.kind) {
        case "vec", "osc" -> t.record || !t.accessors
            ? component(t, self, r.nextInt(t.comps.length)) : null;
        // (a class's getter is a method, translated in place, as much as a record's accessor
        // of a class-typed component)
        case "body" -> t.record && (t.inner.record || !t.inner.accessors)
            ? component(t.inner, method(t.inner.name, self, chance(0.5) ? "pos" : "vel",
                self.bound), r.nextInt(t.inner.comps.length))
            : null;
        default -> null;
      };
    }
    // A class's fields are read from variables only, where it has no accessors.
    boolean fieldsOfVariables = !t.record && !t.accessors
        && avoid.contains("value-field-of-expression");
    switch (t.kind) {
      case "vec" -> {
        E receiver = rich && chance(0.4) ? genVec(ctx, t, 1) : self;
        List<Var> others = valueVars(ctx, t);
        Var otherVar = others.get(r.nextInt(others.size()));
        E other = t.unit && chance(0.2) ? E.leaf(t.name, unitRef(ctx, t), 1)
            : E.leaf(t.name, otherVar.name, valueBound(ctx, otherVar));
        String dist = helperRef(ctx, t, t.dist);
        int dims = t.comps.length;
        if (RECORD_CONSTANTS && t.unit && chance(0.3)) {
          // The record's methods called on its constant: F.Pt2.UNIT.dot(z), Pt2.UNIT.plus(z).x().
          E unit = E.leaf(t.name, unitRef(ctx, t), 1);
          return switch (r.nextInt(3)) {
            case 0 -> method("double", unit, "dot", dims * self.bound, self);
            case 1 -> component(t, method(t.name, unit, "plus", 1 + self.bound, self),
                r.nextInt(dims));
            default -> {
              E s = squash(genDouble(ctx, 1), 2);
              yield component(t, method(t.name, unit, "times", s.bound, s), r.nextInt(dims));
            }
          };
        }
        int choice = r.nextInt(dist != null ? 6 : 5);
        if (fieldsOfVariables && (choice == 4 || choice < 2 && receiver != self)) {
          return component(t, self, r.nextInt(dims));
        }
        return switch (choice) {
          case 0, 1 -> component(t, receiver, r.nextInt(dims));
          case 2 -> method("double", receiver, "dot", dims * receiver.bound * other.bound, other);
          case 3 -> {
            E of = avoid.contains("value-no-argument-method-of-expression") ? self : receiver;
            yield method("double", of, "norm2", dims * of.bound * of.bound);
          }
          case 4 -> component(t, method(t.name, receiver, "limited", 1, E.leaf("double", "1.0",
              1)), r.nextInt(dims));
          default -> E.call("double", dist, dims * Math.pow(receiver.bound + other.bound, 2),
              receiver, other);
        };
      }
      case "body" -> {
        E receiver = rich && chance(0.3) ? genBody(ctx, t, 1) : self;
        if (chance(0.4)) {
          E of = avoid.contains("value-no-argument-method-of-expression") ? self : receiver;
          return method("double", of, "energy", t.inner.comps.length * of.bound * of.bound);
        }
        String part = chance(0.5) ? "pos" : "vel";
        return component(t.inner, method(t.inner.name, receiver, part, receiver.bound),
            r.nextInt(t.inner.comps.length));
      }
      case "stats" -> {
        return chance(0.5) ? method("double", self, "mean", v.bound)
            : method("double", self, "variance", 2 * v.bound * v.bound);
      }
      default -> {
        return switch (r.nextInt(3)) {
          case 0 -> component(t, self, 0);
          case 1 -> component(t, self, 1);
          default -> method("double", self, "energy", 2 * v.bound * v.bound + 2);
        };
      }
    }
  }

  private static final String[] VALUE_NAMES = {"z", "c", "pt", "dir", "zv", "cv", "pv", "q2"};
  private static final String[] OBJECT_NAMES = {"stats", "acc2", "osc", "run", "o2"};

  /**
   * Records and small classes held as values: declared (with an initializer, or later by both
   * branches of an if), reassigned, changed in place, read back into a double, or iterated in
   * an escape-time loop whose condition calls one of their methods.
   */
  private void valueStatement(Ctx ctx, List<Node> out) {
    List<ValueType> types = new ArrayList<>();
    for (ValueType t : valueTypes) {
      if (usable(ctx, t)) {
        types.add(t);
      }
    }
    if (types.isEmpty()) {
      declareDouble(ctx, out);
      return;
    }
    List<Var> vars = ctx.of("value");
    List<Var> reassignable = vars.stream().filter(v -> v.assignable && !v.value.mutable())
        .toList();
    List<Var> objects = vars.stream().filter(v -> v.value.mutable()).toList();
    List<Var> targets = assignableDoubles(ctx).stream().filter(v -> v.initialized).toList();
    List<ValueType> vecs = types.stream().filter(t -> t.kind.equals("vec")).toList();
    String action = weighted(new String[] {"declare", "reassign", "change", "read", "escape",
        "split"}, new int[] {vars.isEmpty() ? 10 : 4, reassignable.isEmpty() ? 0 : 5,
        objects.isEmpty() ? 0 : 4, vars.isEmpty() || targets.isEmpty() ? 0 : 4,
        vecs.isEmpty() || ctx.depth >= 3 ? 0 : 2, vecs.isEmpty() ? 0 : 1});
    switch (action) {
      case "declare" -> declareValue(ctx, out, types.get(r.nextInt(types.size())));
      case "reassign" -> reassignValue(ctx, out, reassignable.get(r.nextInt(reassignable.size())));
      case "change" -> {
        Var v = objects.get(r.nextInt(objects.size()));
        boolean stats = v.value.kind.equals("stats");
        if (!claim(ctx, stats ? List.of("x") : List.of("force", "dt"))) {
          declareDouble(ctx, out);
        } else if (stats) {
          E x = squash(genDouble(ctx, 2), 3);
          out.add(Line.of(v.name + ".add(", x, ");"));
          v.bound = Math.max(v.bound, x.bound);
        } else {
          // Bounded by construction: |v| stays under max(|v0|, |force|), |x| under max(|x0|, |v|).
          out.add(Line.of(v.name + ".step(", squash(genDouble(ctx, 2), 2), ", "
              + pickString("0.1", "0.05") + ");"));
        }
      }
      case "read" -> {
        Var target = targets.get(r.nextInt(targets.size()));
        E value = valueRead(ctx, vars.get(r.nextInt(vars.size())), true);
        int multiplier = target.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
        if (chance(0.3)) {
          value = squash(value, Math.max(target.bound, 2));
          out.add(Line.of(target.name + " = ", value, ";"));
          target.bound = Math.max(target.bound, value.bound);
        } else {
          value = squash(value, ctx.inLoop() ? 1 : 3);
          String op = chance(0.8) ? " += " : " -= ";
          out.add(Line.of(target.name + op, value, ";"));
          target.bound += value.bound * multiplier;
        }
      }
      case "escape" -> escapeLoop(ctx, out, vecs.get(r.nextInt(vecs.size())));
      default -> splitValue(ctx, out, vecs.get(r.nextInt(vecs.size())));
    }
  }

  /**
   * Whether a small class's code with these parameters may be translated in place here, which
   * then claims their names: not where names were claimed already, nor in a vector method,
   * which its callers may translate into their own bodies (see value-class-code-twice).
   */
  private boolean claim(Ctx ctx, List<String> parameters) {
    if (!avoid.contains("value-class-code-twice")) {
      return true;
    }
    if (ctx.plan.vector || parameters.stream().anyMatch(ctx.classParameters::contains)) {
      return false;
    }
    ctx.classParameters.addAll(parameters);
    return true;
  }

  /** The parameters of a vec class's constructors that {@code new C(...)} translates. */
  private static List<String> constructorParameters(ValueType t) {
    List<String> names = new ArrayList<>(List.of(t.comps));
    names.add("s"); // the delegating constructor's
    return names;
  }

  /**
   * An initializer for a declared local of the vec or body {@code t}: {@code new C(...)} of a
   * class with written constructors only where {@link #claim} allows it.
   */
  private E initializer(Ctx ctx, ValueType t, int depth) {
    boolean classes = !t.record;
    for (int attempt = 0; ; attempt++) {
      E value = t.kind.equals("body") ? genBody(ctx, t, depth) : genVec(ctx, t, depth);
      if (!classes || !value.render().startsWith("new ")
          || claim(ctx, constructorParameters(t))) {
        return value;
      }
      if (attempt >= 5) {
        return method(t.name, value, "times", value.bound, E.leaf("double", "1.0", 1));
      }
    }
  }

  private void declareValue(Ctx ctx, List<Node> out, ValueType t) {
    String type = typeRef(ctx, t);
    String name = freshName(ctx, t.mutable() ? OBJECT_NAMES : VALUE_NAMES);
    String form = pickString(type, type, type, "var", "final " + type, "final var");
    if (t.kind.equals("osc") && !claim(ctx, List.of("x", "v", "mass"))
        || t.kind.equals("stats") && !claim(ctx, List.of())) { // (never added to)
      declareDouble(ctx, out);
      return;
    }
    E value = switch (t.kind) {
      case "vec" -> initializer(ctx, t, 2);
      case "body" -> initializer(ctx, t, 1);
      case "stats" -> E.leaf(t.name, "new " + type + "()", 0);
      default -> {
        E x = squash(genDouble(ctx, 2), 2);
        E v = squash(genDouble(ctx, 2), 2);
        yield E.call(t.name, "new " + type, 2, x, v,
            E.leaf("double", pickString("1.0", "1.5", "2.0"), 2));
      }
    };
    out.add(Line.of(form + " " + name + " = ", value, ";"));
    Var v = new Var(name, "value", t.kind.equals("osc") ? 2 : value.bound);
    v.value = t;
    v.assignable = !form.startsWith("final") && !t.mutable();
    ctx.declare(v);
  }

  private void reassignValue(Ctx ctx, List<Node> out, Var v) {
    ValueType t = v.value;
    int multiplier = v.loopLevel < ctx.loopDepth ? ctx.loopMultiplier : 1;
    E self = E.leaf(t.name, v.name, valueBound(ctx, v));
    double keep = Math.max(v.bound, 2);
    if (t.kind.equals("body")) {
      E value = genBody(ctx, t, 2);
      if (value.bound > keep) {
        E force = limited(genVec(ctx, t.inner, 1), 2);
        value = method(t.name, self, "step", Math.max(v.bound, force.bound), force,
            E.leaf("double", "0.1", 0.1));
      }
      out.add(Line.of(v.name + " = ", value, ";"));
      v.bound = Math.max(v.bound, value.bound);
      return;
    }
    switch (r.nextInt(4)) {
      case 0 -> {
        // A contraction: z = z.times(0.5).plus(w) stays under max(|z|, 2 |w|).
        E w = limited(genVec(ctx, t, 1), 3);
        out.add(Line.of(v.name + " = ", method(t.name, method(t.name, self, "times", v.bound,
            E.leaf("double", "0.5", 0.5)), "plus", v.bound, w), ";"));
        v.bound = Math.max(v.bound, 2 * w.bound);
      }
      case 1 -> {
        // The components rotated, one of them shifted, as a swap in a loop.
        E shift = squash(genDouble(ctx, 2), 1);
        List<Object> parts = new ArrayList<>();
        parts.add(v.name + " = new " + typeRef(ctx, t) + "(");
        int dims = t.comps.length;
        for (int i = 0; i < dims; i++) {
          String read = t.read(v.name, (i + 1) % dims);
          if (i == 0) {
            parts.add(read + " * 0.5");
          } else if (i == dims - 1) {
            parts.add(", " + read + " + ");
            // (a ?: or a comparison's shift needs its parentheses after +)
            parts.add(E.template(shift.type, Model.PRIMARY, "({})", shift.bound, shift));
          } else {
            parts.add(", " + read);
          }
        }
        parts.add(");");
        out.add(Line.of(parts.toArray()));
        v.bound += shift.bound * multiplier;
      }
      default -> {
        E value = limited(genVec(ctx, t, 2), keep);
        out.add(Line.of(v.name + " = ", value, ";"));
        v.bound = Math.max(v.bound, value.bound);
      }
    }
  }

  /** {@code T u;} assigned by both branches of an if. */
  private void splitValue(Ctx ctx, List<Node> out, ValueType t) {
    String name = freshName(ctx, VALUE_NAMES);
    out.add(Line.of(typeRef(ctx, t) + " " + name + ";"));
    Var v = new Var(name, "value", LIMIT);
    v.value = t;
    v.assignable = false;
    v.initialized = false;
    ctx.declare(v);
    E condition = genCondition(ctx, 2);
    ctx.noJumps++;
    ctx.push();
    List<Node> then = new ArrayList<>();
    block(ctx, then, r.nextInt(2), false);
    E first = genVec(ctx, t, 2);
    then.add(Line.of(name + " = ", first, ";"));
    ctx.pop();
    ctx.push();
    List<Node> otherwise = new ArrayList<>();
    E second = genVec(ctx, t, 2);
    otherwise.add(Line.of(name + " = ", second, ";"));
    block(ctx, otherwise, r.nextInt(2), false);
    ctx.pop();
    ctx.noJumps--;
    out.add(new Compound("if", List.of(
        new Segment(List.of("if (", condition, ") {"), then),
        new Segment(List.of("} else {"), otherwise)), List.of("}")));
    v.bound = Math.max(first.bound, second.bound);
    v.assignable = true;
    v.initialized = true;
  }

  /**
   * An escape-time iteration, {@code while (z.norm2() < 4 && it < 5) { it++; z =
   * z.times(z).plus(c); }}, or its for and do/while forms: the loop condition calls the vec's
   * method, and z stays bounded because the loop stops once it grows.
   */
  private void escapeLoop(Ctx ctx, List<Node> out, ValueType t) {
    Var z = null;
    for (Var v : valueVars(ctx, t)) {
      if (v.assignable && v.bound <= 2 && (z == null || chance(0.5))) {
        z = v;
      }
    }
    if (z == null || chance(0.3)) {
      String name = freshName(ctx, VALUE_NAMES);
      E start = limited(initializer(ctx, t, 1), 2);
      out.add(Line.of(typeRef(ctx, t) + " " + name + " = ", start, ";"));
      z = new Var(name, "value", start.bound);
      z.value = t;
      z.assignable = true;
      ctx.declare(z);
    }
    String k = freshName(ctx, new String[] {"it", "iter", "esc"});
    int limit = 2 + r.nextInt(5);
    String form = pickString("while", "while", "for", "do");
    String inside = chance(0.5) ? z.name + ".norm2() < 4" : z.name + ".inside(2.0)";
    Var counter = new Var(k, "int", limit);
    counter.assignable = false;
    counter.known = true;
    counter.lo = form.equals("for") ? 0 : 1;
    counter.hi = form.equals("for") ? limit - 1 : limit;
    double before = z.bound;
    ctx.push();
    ctx.declare(counter);
    enterLoop(ctx, limit);
    String label = loopLabel(ctx);
    E c = limited(genVec(ctx, t, 1), 2);
    List<Node> body = new ArrayList<>();
    if (!form.equals("for")) {
      Line increment = Line.of(k + "++;");
      increment.pinned = true;
      body.add(increment);
    }
    E zRead = E.leaf(t.name, z.name, 2);
    body.add(Line.of(z.name + " = ", method(t.name, method(t.name, zRead, "times", 8, zRead.copy()),
        "plus", 8 + c.bound, c), ";"));
    // Entering the body, z is inside the radius 2 (or, the first time round a do, under its
    // bound then, at most 2): z * z + c stays under 8 + |c|.
    z.bound = Math.max(before, 2 * Math.min(before, 2) * Math.min(before, 2) + c.bound);
    if (chance(0.5)) {
      block(ctx, body, 1, false);
    }
    leaveLoop(ctx, limit);
    ctx.pop();
    z.bound = Math.max(z.bound, 8 + c.bound);
    switch (form) {
      case "for" -> out.add(new Compound("for", List.of(new Segment(labeled(label,
          List.of("for (int " + k + " = 0; " + k + " < " + limit + " && " + inside + "; " + k
              + "++) {")), body)), List.of("}")));
      case "do" -> {
        out.add(Line.of("int " + k + " = 0;"));
        out.add(new Compound("do", List.of(new Segment(labeled(label, List.of("do {")), body)),
            List.of("} while (" + inside + " && " + k + " < " + limit + ");")));
      }
      default -> {
        out.add(Line.of("int " + k + " = 0;"));
        out.add(new Compound("while", List.of(new Segment(labeled(label,
            List.of("while (" + inside + " && " + k + " < " + limit + ") {")), body)),
            List.of("}")));
      }
    }
    if (!form.equals("for")) {
      Var after = new Var(k, "int", limit);
      after.assignable = false;
      ctx.declare(after);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // lambdas

  /** The helpers taking lambdas that bodies called, declared in the main class at the end. */
  private final Set<String> lambdaHelpers = new LinkedHashSet<>();
  /** Whether the main class declares {@code interface Objective}. */
  private boolean objectiveUsed;
  /** Whether a body made an anonymous subclass of {@link #SERIES}. */
  private boolean seriesUsed;

  /**
   * A class of the file whose inherited method calls the method an anonymous subclass gives,
   * as Commons Math's {@code ContinuedFraction.evaluate} calls {@code getA} and {@code getB}.
   */
  private static final String SERIES = """
      /** A weighted sum of the terms a subclass gives. */
      abstract static class Series {
        abstract double term(int k, double t);

        double sum(double t, int terms) {
          double s = 0;
          for (int k = 0; k < terms; k++) {
            s += term(k, t) / (k + 1);
          }
          return s;
        }
      }""";
  /** Whether a body named DoubleUnaryOperator or DoubleBinaryOperator. */
  private boolean functionTypesUsed;
  /** Whether the file imports java.util.function's types (else it writes them qualified). */
  private boolean functionImports;
  private boolean lambdaHelpersPrivate;
  /** Whether this program's bodies use lambdas (LAMBDAS, in some programs). */
  private boolean lambdaProgram;

  private String unaryType() {
    return functionImports ? "DoubleUnaryOperator" : "java.util.function.DoubleUnaryOperator";
  }

  private String binaryType() {
    return functionImports ? "DoubleBinaryOperator" : "java.util.function.DoubleBinaryOperator";
  }

  /** The text of a helper taking a lambda, as numeric Java writes integrators and searches. */
  private String helperText(String name) {
    String modifiers = lambdaHelpersPrivate ? "private static " : "static ";
    String unary = unaryType();
    return switch (name) {
      case "simpson" -> "/** Composite Simpson's rule over [lo, hi] with n (even) intervals. */\n"
          + modifiers + "double simpson(" + unary + " f, double lo, double hi, int n) {\n"
          + "  double h = (hi - lo) / n;\n"
          + "  double sum = f.applyAsDouble(lo) + f.applyAsDouble(hi);\n"
          + "  for (int i = 1; i < n; i++) {\n"
          + "    double x = lo + i * h;\n"
          + "    sum += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(x);\n"
          + "  }\n"
          + "  return sum * h / 3;\n"
          + "}";
      case "trapezoid" -> "/** The trapezoidal rule over [lo, hi] with n intervals. */\n"
          + modifiers + "double trapezoid(" + unary + " f, double lo, double hi, int n) {\n"
          + "  double h = (hi - lo) / n;\n"
          + "  double sum = 0.5 * (f.applyAsDouble(lo) + f.applyAsDouble(hi));\n"
          + "  for (int i = 1; i < n; i++) {\n"
          + "    sum += f.applyAsDouble(lo + i * h);\n"
          + "  }\n"
          + "  return sum * h;\n"
          + "}";
      case "twice" -> modifiers + "double twice(" + unary + " f, double x) {\n"
          + "  return f.applyAsDouble(f.applyAsDouble(x));\n"
          + "}";
      case "iterate" -> "/** A fixed number of steps of x = f(x). */\n"
          + modifiers + "double iterate(" + unary + " f, double x, int steps) {\n"
          + "  for (int s = 0; s < steps; s++) {\n"
          + "    x = f.applyAsDouble(x);\n"
          + "  }\n"
          + "  return x;\n"
          + "}";
      case "halves" -> "/** Passes its integrand on to another integrator. */\n"
          + modifiers + "double halves(" + unary + " f, double hi) {\n"
          + "  return simpson(f, 0, hi / 2, 4) + simpson(f, hi / 2, hi, 4);\n"
          + "}";
      case "golden" -> "/** Golden-section search for a minimum of f on [a, b]. */\n"
          + modifiers + "double golden(Objective f, double a, double b, int iterations) {\n"
          + "  final double ratio = (Math.sqrt(5) - 1) / 2;\n"
          + "  double c = b - ratio * (b - a);\n"
          + "  double d = a + ratio * (b - a);\n"
          + "  for (int k = 0; k < iterations; k++) {\n"
          + "    if (f.value(c) < f.value(d)) {\n"
          + "      b = d;\n"
          + "    } else {\n"
          + "      a = c;\n"
          + "    }\n"
          + "    c = b - ratio * (b - a);\n"
          + "    d = a + ratio * (b - a);\n"
          + "  }\n"
          + "  return f.value((a + b) / 2);\n"
          + "}";
      case "bestOf" -> "/** The smallest value of f at n + 1 points of [lo, hi]. */\n"
          + modifiers + "double bestOf(Objective f, double lo, double hi, int n) {\n"
          + "  double best = f.value(lo);\n"
          + "  for (int i = 1; i <= n; i++) {\n"
          + "    double v = f.value(lo + (hi - lo) * i / n);\n"
          + "    if (v < best) {\n"
          + "      best = v;\n"
          + "    }\n"
          + "  }\n"
          + "  return best;\n"
          + "}";
      case "fold" -> modifiers + "double fold(" + binaryType()
          + " op, double[] xs, double init) {\n"
          + "  double acc = init;\n"
          + "  for (double x : xs) {\n"
          + "    acc = op.applyAsDouble(acc, x);\n"
          + "  }\n"
          + "  return acc;\n"
          + "}";
      default -> throw new AssertionError(name);
    };
  }

  /** The helpers, the interface and the imports the bodies used. */
  private void addLambdaHelpers(List<Member> mainMembers, List<String> imports) {
    if (lambdaHelpers.contains("halves")) {
      lambdaHelpers.add("simpson");
    }
    if (lambdaHelpers.contains("golden") || lambdaHelpers.contains("bestOf")) {
      objectiveUsed = true;
    }
    if (objectiveUsed) {
      mainMembers.add(0, new Raw("Objective", "interface Objective {\n  double value(double x);\n}"));
    }
    if (seriesUsed) {
      mainMembers.add(0, new Raw("Series", SERIES));
    }
    for (String helper : lambdaHelpers) {
      mainMembers.add(new Raw(helper, helperText(helper)));
    }
    if (functionImports && (functionTypesUsed || !lambdaHelpers.isEmpty())) {
      imports.add("java.util.function.DoubleBinaryOperator");
      imports.add("java.util.function.DoubleUnaryOperator");
    }
  }

  /** How often an expression calls a helper with a lambda or a lambda held in a local. */
  private int lambdaWeight(Ctx ctx) {
    if (!lambdaProgram || ctx.noInPlaceCalls) {
      return 0; // (not in an assert's message, which Java computes only when the condition fails)
    }
    if (!ctx.of("fn").isEmpty()) {
      return 4;
    }
    return ctx.lambdaDepth == 0 && ctx.lambdaCalls < 3 ? 3 : 0;
  }

  /** Whether a lambda may capture {@code v}: a parameter or local never assigned. */
  private static boolean capturable(Var v) {
    if (!v.initialized || v.name.contains("(") || v.type.equals("value")
        || v.type.equals("record")) {
      return false;
    }
    return v.param ? !v.assignable : v.finalLocal;
  }

  private static Set<String> names(Ctx ctx) {
    Set<String> names = new HashSet<>(ctx.named);
    for (Var v : ctx.all()) {
      names.add(v.name);
    }
    return names;
  }

  /** An expression of text pieces and expressions, none of them parenthesized. */
  private static E seq(String type, double bound, Object... pieces) {
    List<String> parts = new ArrayList<>();
    List<E> kids = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Object piece : pieces) {
      if (piece instanceof E e) {
        parts.add(text.toString());
        text.setLength(0);
        kids.add(e);
      } else {
        text.append(piece);
      }
    }
    parts.add(text.toString());
    return new E(type, Model.PRIMARY, parts.toArray(String[]::new), kids, new int[kids.size()],
        bound);
  }

  private static final String[] LAMBDA_PARAMS = {"t", "u", "x1", "s1", "q"};
  private static final String[] LAMBDA_LOCALS = {"a1", "b1", "m1", "r2", "v1"};

  /**
   * A lambda of {@code kind} (unary or objective: one parameter; binary: two) whose parameters
   * stay under {@code bounds} and whose result stays under {@code max}: an expression body, or
   * a block with a local, an early return or a small loop. It captures the parameters and final
   * locals of the method.
   */
  private E lambda(Ctx ctx, String kind, double[] bounds, double max) {
    Set<String> taken = names(ctx);
    Ctx inner = new Ctx(ctx.plan, List.of(), 0);
    inner.scopes.clear();
    Map<String, Var> captured = new LinkedHashMap<>();
    for (Var v : ctx.all()) {
      if (capturable(v)) {
        captured.put(v.name, v);
      }
    }
    inner.scopes.push(captured);
    inner.lambdaDepth = ctx.lambdaDepth + 1;
    inner.calls = 2; // no calls of generated methods in a lambda
    inner.push();
    List<Var> params = new ArrayList<>();
    String[] pool = kind.equals("binary")
        ? new String[] {"acc", "e1", "lhs", "rhs", "y1"} : LAMBDA_PARAMS;
    boolean series = kind.equals("series");
    String termIndex = null;
    if (series) { // term(int k, double t): k counts the terms, at most three
      termIndex = pickFree(new String[] {"k", "n1", "idx"}, taken);
      if (termIndex == null) {
        termIndex = "k_" + ctx.labelCount++;
      }
      taken.add(termIndex);
      Var k = new Var(termIndex, "int", 2);
      k.known = true;
      k.lo = 0;
      k.hi = 2;
      k.finalLocal = true;
      inner.declare(k);
    }
    for (int i = 0; i < bounds.length; i++) {
      String name = pickFree(pool, taken);
      if (name == null) {
        name = "p" + i + "_" + ctx.labelCount++;
      }
      taken.add(name);
      Var p = new Var(name, "double", bounds[i]);
      p.finalLocal = true;
      params.add(p);
      inner.declare(p);
    }
    // Sometimes an anonymous class, as code written before lambdas makes one.
    boolean anonymous = series || ANONYMOUS && chance(0.2);
    String typed = anonymous || chance(0.15) ? "double " : "";
    String parameters = "(" + (series ? "int " + termIndex + ", " : "")
        + String.join(", ", params.stream().map(p -> typed + p.name).toList()) + ")";
    String head = series
        ? "new " + functionType(ctx, kind) + "() { double term" + parameters + " "
        : anonymous
        ? "new " + functionType(ctx, kind) + "() { public double "
            + (kind.equals("objective") ? "value" : "applyAsDouble") + parameters + " "
        : params.size() == 1 && typed.isEmpty() && chance(0.85)
            ? params.get(0).name + " -> "
            : parameters + " -> ";
    String close = anonymous ? " }" : "";
    E result;
    String form = weighted(new String[] {"expression", "local", "early", "loop"},
        new int[] {6, 2, 2, 1});
    switch (form) {
      case "local" -> {
        String local = pickFree(LAMBDA_LOCALS, taken);
        if (local == null) {
          result = expressionBody(max, head, body(inner, params, max), anonymous);
          break;
        }
        E value = squash(genDouble(inner, 2), LIMIT);
        Var v = new Var(local, "double", Math.max(value.bound, 0.5));
        v.finalLocal = true;
        inner.declare(v);
        result = seq("fn", max, head, "{ double " + local + " = ", value, "; return ",
            body(inner, params, max), "; }" + close);
      }
      case "early" -> {
        E condition = genCondition(inner, 1);
        E early = squash(genDouble(inner, 2), max);
        result = seq("fn", max, head, "{ if (", condition, ") { return ", early, "; } return ",
            body(inner, params, max), "; }" + close);
      }
      case "loop" -> {
        String local = pickFree(LAMBDA_LOCALS, taken);
        String j = pickFree(new String[] {"j1", "jj", "l1"}, taken);
        if (local == null || j == null) {
          result = expressionBody(max, head, body(inner, params, max), anonymous);
          break;
        }
        int trips = 1 + r.nextInt(3);
        inner.push();
        Var counter = new Var(j, "int", trips);
        counter.known = true;
        counter.lo = 0;
        counter.hi = trips - 1;
        inner.declare(counter);
        E term = squash(genDouble(inner, 2), 1);
        inner.pop();
        Var sum = new Var(local, "double", trips);
        inner.declare(sum);
        E back = squash(E.leaf("double", local, trips), max);
        result = seq("fn", max, head, "{ double " + local + " = 0; for (int " + j + " = 0; " + j
            + " < " + trips + "; " + j + "++) { " + local + " += ", term, "; } return ", back,
            "; }" + close);
      }
      default -> result = expressionBody(max, head, body(inner, params, max), anonymous);
    }
    return result;
  }

  /** {@code head body}: a lambda's expression body, or an anonymous class's return. */
  private static E expressionBody(double max, String head, E body, boolean anonymous) {
    return anonymous
        ? seq("fn", max, head, "{ return ", body, "; } }")
        : seq("fn", max, head, body);
  }

  /** The interface a function of {@code kind} implements, as {@code ctx}'s method names it. */
  private String functionType(Ctx ctx, String kind) {
    return switch (kind) {
      case "objective" -> mainType(ctx, "Objective");
      case "series" -> mainType(ctx, "Series");
      case "binary" -> binaryType();
      default -> unaryType();
    };
  }

  /** A lambda's value: an expression that reads its parameters, under {@code max}. */
  private E body(Ctx inner, List<Var> params, double max) {
    E e = genDouble(inner, 2 + r.nextInt(2));
    for (Var p : params) {
      if (!e.render().matches("(?s).*\\b" + p.name + "\\b.*")) {
        E read = read(inner, p);
        e = chance(0.5)
            ? E.binary("double", "*", Model.MULTIPLICATIVE, squash(e, 2), read, 2 * read.bound)
            : E.binary("double", chance(0.5) ? "+" : "-", Model.ADDITIVE, e, read,
                e.bound + read.bound);
      }
    }
    return squash(e, max);
  }

  /** A double under {@code max}: a literal, or a squashed expression. */
  private E under(Ctx ctx, double max, int depth) {
    if (chance(0.35)) {
      String text = pickString("0", "0.0", "1.0", "-1.0", "0.5", "-0.5", "1");
      double value = Math.abs(Double.parseDouble(text));
      if (value <= max) {
        return E.leaf(text.contains(".") ? "double" : "int", text, value);
      }
    }
    return squash(genDouble(ctx, Math.max(depth - 1, 1)), max);
  }

  /** How the method being generated calls the lambda helper {@code name}, or null. */
  private String lambdaHelperRef(Ctx ctx, String name) {
    boolean inOther = ctx.plan.ownerClass.equals(otherClass);
    if (inOther && lambdaHelpersPrivate) {
      return null;
    }
    lambdaHelpers.add(name);
    return inOther || chance(0.15) ? mainClass + "." + name : name;
  }

  /**
   * A helper called with a lambda (new or held in a local), or a held lambda called: {@code
   * simpson(t -> Math.exp(-a * t * t), 0, 1, 4)}, {@code g.applyAsDouble(x)}.
   */
  private E lambdaCall(Ctx ctx, int depth) {
    List<Var> held = ctx.of("fn");
    boolean helpers = ctx.lambdaDepth == 0 && ctx.lambdaCalls < 3;
    if (!held.isEmpty() && (!helpers || chance(0.4))) {
      Var g = held.get(r.nextInt(held.size()));
      E receiver = E.leaf("fn", g.name, 0);
      return switch (g.fn) {
        case "objective" -> method("double", receiver, "value", g.bound,
            under(ctx, g.argBound, depth));
        case "binary" -> method("double", receiver, "applyAsDouble", g.bound,
            under(ctx, g.argBound, depth), under(ctx, g.argBound, depth));
        // (1 + 1/2 + 1/3) terms at most
        case "series" -> chance(0.7)
            ? method("double", receiver, "sum", 2 * g.bound, under(ctx, g.argBound, depth),
                E.leaf("int", Integer.toString(1 + r.nextInt(3)), 3))
            : method("double", receiver, "term", g.bound,
                E.leaf("int", Integer.toString(r.nextInt(3)), 2), under(ctx, g.argBound, depth));
        default -> method("double", receiver, "applyAsDouble", g.bound,
            under(ctx, g.argBound, depth));
      };
    }
    if (!helpers) {
      return leafDouble(ctx);
    }
    List<Var> arrays = new ArrayList<>();
    for (Var v : ctx.of("double[]")) {
      if ((v.param ? 2 : readBound(ctx, v)) <= 6) {
        arrays.add(v);
      }
    }
    String helper = weighted(new String[] {"simpson", "trapezoid", "twice", "iterate", "halves",
        "golden", "bestOf", "fold"}, new int[] {4, 3, 3, 2, 2, 3, 2, arrays.isEmpty() ? 0 : 2});
    String ref = lambdaHelperRef(ctx, helper);
    if (ref == null) {
      return leafDouble(ctx);
    }
    ctx.lambdaCalls++;
    String kind = switch (helper) {
      case "golden", "bestOf" -> "objective";
      case "fold" -> "binary";
      default -> "unary";
    };
    double a = pickDouble(1.0, 2.0, 3.0);
    E f = null;
    double fBound = a;
    if (!kind.equals("binary")) {
      List<Var> same = held.stream().filter(v -> v.fn.equals(kind)).toList();
      if (!same.isEmpty() && chance(0.5)) {
        Var g = same.get(r.nextInt(same.size()));
        f = E.leaf("fn", g.name, 0);
        a = g.argBound;
        fBound = g.bound;
      } else {
        f = lambda(ctx, kind, new double[] {a}, a);
      }
    }
    return switch (helper) {
      case "simpson", "trapezoid" -> {
        E lo = under(ctx, a, depth);
        E hi = under(ctx, a, depth);
        yield E.call("double", ref, 1.4 * (lo.bound + hi.bound) * fBound, f, lo, hi,
            intervals(ctx));
      }
      case "twice" -> E.call("double", ref, fBound, f, under(ctx, a, depth));
      case "iterate" -> {
        E x = under(ctx, a, depth);
        yield E.call("double", ref, Math.max(x.bound, fBound), f, x,
            E.leaf("int", Integer.toString(1 + r.nextInt(3)), 3));
      }
      case "halves" -> {
        E hi = under(ctx, a, depth);
        yield E.call("double", ref, 1.4 * hi.bound * fBound, f, hi);
      }
      case "golden", "bestOf" -> {
        E lo = under(ctx, a, depth);
        E hi = under(ctx, a, depth);
        E count = E.leaf("int", Integer.toString(helper.equals("golden") ? 2 + r.nextInt(6)
            : 1 + r.nextInt(4)), 8);
        yield E.call("double", ref, fBound, f, lo, hi, count);
      }
      default -> {
        Var xs = arrays.get(r.nextInt(arrays.size()));
        double elements = xs.param ? 2 : readBound(ctx, xs);
        E init = under(ctx, a, depth);
        E op = lambda(ctx, "binary", new double[] {a, elements}, a);
        yield E.call("double", ref, Math.max(init.bound, a), op, E.leaf("double[]", xs.name, 0),
            init);
      }
    };
  }

  /** The number of intervals of an integrator: a small even literal, or from a constant. */
  private E intervals(Ctx ctx) {
    if (!intConstants.isEmpty() && chance(0.2)) {
      String c = ctx.plan.ownerClass.equals(otherClass) ? mainClass + ".C0" : "C0";
      return E.leaf("int", "2 * " + c, 6);
    }
    return E.leaf("int", Integer.toString(pick(new int[] {2, 4, 4, 6, 8})), 8);
  }

  /**
   * A statement with lambdas: a lambda held in a local ({@code DoubleUnaryOperator sq = t -> t *
   * t * s;}), maybe after a final copy of a value it captures, or a local holding a helper's
   * result.
   */
  private void lambdaStatement(Ctx ctx, List<Node> out) {
    boolean javaTaken = ctx.taken("java");
    String kind = weighted(new String[] {"unary", "objective", "binary", "series"},
        new int[] {5, 3, 2, ANONYMOUS ? 4 : 0});
    boolean inOther = ctx.plan.ownerClass.equals(otherClass);
    String type = functionType(ctx, kind);
    if (chance(0.35) || javaTaken && type.startsWith("java.")) {
      String name = freshName(ctx, LOCAL_NAMES);
      E value = squash(lambdaCall(ctx, 3), LIMIT);
      Var v = new Var(name, "double", Math.max(value.bound, 0.5));
      boolean isFinal = chance(0.4);
      v.assignable = !isFinal;
      v.finalLocal = isFinal;
      out.add(Line.of((isFinal ? "final double " : "double ") + name + " = ", value, ";"));
      ctx.declare(v);
      return;
    }
    if (ctx.inLoop() && chance(0.5)) {
      // A final copy of something of this iteration, for the lambda to capture.
      String name = freshName(ctx, new String[] {"ci", "cur", "xi"});
      E value = squash(genDouble(ctx, 2), 3);
      Var v = new Var(name, "double", Math.max(value.bound, 0.5));
      v.finalLocal = true;
      out.add(Line.of((chance(0.5) ? "final double " : "double ") + name + " = ", value, ";"));
      ctx.declare(v);
    }
    double a = pickDouble(1.0, 2.0, 3.0);
    // Named first: the lambda's parameters must not take the name.
    String name = freshName(ctx, new String[] {"fn1", "sq", "kink", "phi", "obj", "lam"});
    E f = lambda(ctx, kind, kind.equals("binary") ? new double[] {a, a} : new double[] {a}, a);
    if (kind.equals("objective")) {
      objectiveUsed = true;
    } else if (kind.equals("series")) {
      seriesUsed = true;
    } else {
      functionTypesUsed = true;
    }
    out.add(Line.of(type + " " + name + " = ", f, ";"));
    Var v = new Var(name, "fn", a);
    v.fn = kind;
    v.argBound = a;
    v.finalLocal = true;
    ctx.declare(v);
    if (inOther && kind.equals("objective")) {
      objectiveUsed = true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // randomness

  private boolean chance(double p) {
    return r.nextDouble() < p;
  }

  private int pick(int[] values) {
    return values[r.nextInt(values.length)];
  }

  private double pickDouble(double... values) {
    return values[r.nextInt(values.length)];
  }

  private String pickString(String... values) {
    return values[r.nextInt(values.length)];
  }

  private String pickFree(String[] names, Set<String> used) {
    List<String> free = new ArrayList<>();
    for (String name : names) {
      if (!used.contains(name)) {
        free.add(name);
      }
    }
    return free.isEmpty() ? null : free.get(r.nextInt(free.size()));
  }

  private String weighted(String[] values, int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; i < values.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return values[i];
      }
    }
    throw new AssertionError();
  }
}
