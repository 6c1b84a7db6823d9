package dev.flatgrad.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.flatgrad.processor.FlatgradProcessor;
import dev.flatgrad.processor.fuzz.Checker.Failure;
import dev.flatgrad.processor.fuzz.Checker.Kind;
import dev.flatgrad.processor.fuzz.Checker.Stats;
import dev.flatgrad.processor.fuzz.Survey.MethodInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles many programs in one javac run with flatgrad (and {@link Survey}), loads what was
 * compiled, and checks each program's methods with a {@link Checker}, each on a fresh thread
 * with a time limit. When a batch fails to compile, it is split so each program's errors are its
 * own.
 */
final class Harness {

  /** The wording of flatgrad's internal-error diagnostic (Diagnostics.internalError). */
  static final String INTERNAL_ERROR = "because of an internal error";
  /** FlatgradProcessor.write's wording when writing the gradient class failed. */
  static final String WRITE_ERROR = "could not write the gradient class";

  static final long COMPILE_TIMEOUT_MS = 180_000;
  static final long CHECK_TIMEOUT_MS = 30_000;

  /** One program: a compilation unit, the sizes its arrays have, its seed for points. */
  record Unit(String id, String mainClass, String source, Set<String> topLevels, int n, int m,
      long seed, Map<String, List<Object[]>> extraPoints) {

    static Unit of(String id, Model.Program program) {
      Set<String> classes = new java.util.LinkedHashSet<>();
      program.classes.forEach(c -> classes.add(c.name));
      return new Unit(id, program.mainClass(), program.render(), classes, program.n, program.m,
          program.seed, Map.of());
    }
  }

  /** What happened to one program. */
  record Outcome(Unit unit, List<Failure> failures, Stats stats, List<String> diagnostics) {
    boolean failed() {
      return failures.stream().anyMatch(f -> f.kind() != Kind.INVALID_PROGRAM);
    }

    boolean invalid() {
      return failures.stream().anyMatch(f -> f.kind() == Kind.INVALID_PROGRAM);
    }

    Failure first() {
      return failures.stream().filter(f -> f.kind() != Kind.INVALID_PROGRAM).findFirst()
          .orElse(failures.isEmpty() ? null : failures.get(0));
    }
  }

  /** A compilation: what it produced, or the exception that escaped it. */
  record Compiled(Compilation compilation, Throwable crash, List<MethodInfo> methods,
      boolean timedOut) {}

  /** Compiles and checks {@code units}. */
  List<Outcome> run(List<Unit> units) {
    Compiled compiled = compile(units, true);
    Map<Unit, List<Diagnostic<? extends JavaFileObject>>> errors = new LinkedHashMap<>();
    List<Diagnostic<? extends JavaFileObject>> unattributed = new ArrayList<>();
    if (compiled.crash() == null && !compiled.timedOut()) {
      for (Diagnostic<? extends JavaFileObject> d : compiled.compilation().diagnostics()) {
        if (d.getKind() != Diagnostic.Kind.ERROR) {
          continue;
        }
        Unit owner = owner(units, d);
        if (owner == null) {
          unattributed.add(d);
        } else {
          errors.computeIfAbsent(owner, u -> new ArrayList<>()).add(d);
        }
      }
    }
    boolean clean = compiled.crash() == null && !compiled.timedOut() && errors.isEmpty()
        && unattributed.isEmpty();
    if (clean) {
      return check(units, compiled);
    }
    if (units.size() == 1) {
      return List.of(classify(units.get(0), compiled, errors.getOrDefault(units.get(0),
          List.of()), unattributed));
    }
    // Split: the programs without errors together, the others one by one.
    List<Outcome> outcomes = new ArrayList<>();
    if (compiled.crash() != null || compiled.timedOut() || !unattributed.isEmpty()) {
      int half = units.size() / 2;
      outcomes.addAll(run(units.subList(0, half)));
      outcomes.addAll(run(units.subList(half, units.size())));
      return outcomes;
    }
    List<Unit> good = new ArrayList<>();
    for (Unit unit : units) {
      if (errors.containsKey(unit)) {
        outcomes.addAll(run(List.of(unit)));
      } else {
        good.add(unit);
      }
    }
    if (!good.isEmpty()) {
      outcomes.addAll(run(good));
    }
    return outcomes;
  }

  private Outcome classify(Unit unit, Compiled compiled,
      List<Diagnostic<? extends JavaFileObject>> errors,
      List<Diagnostic<? extends JavaFileObject>> unattributed) {
    List<Failure> failures = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    if (compiled.timedOut()) {
      failures.add(new Failure(Kind.TIMEOUT, "", "javac with flatgrad did not finish in "
          + COMPILE_TIMEOUT_MS / 1000 + " s of CPU time"));
      return new Outcome(unit, failures, new Stats(), texts);
    }
    if (compiled.crash() != null) {
      failures.add(new Failure(Kind.PROCESSOR_EXCEPTION, "", trace(compiled.crash())));
      return new Outcome(unit, failures, new Stats(), texts);
    }
    List<Diagnostic<? extends JavaFileObject>> all = new ArrayList<>(errors);
    all.addAll(unattributed);
    boolean inGenerated = false;
    boolean internal = false;
    for (Diagnostic<? extends JavaFileObject> d : all) {
      String text = describe(d);
      texts.add(text);
      internal |= text.contains(INTERNAL_ERROR) || text.contains(WRITE_ERROR);
      inGenerated |= d.getSource() != null && isGenerated(d.getSource());
    }
    if (internal) {
      failures.add(new Failure(Kind.INTERNAL_ERROR, "", String.join("\n", texts)));
    } else if (!javacAccepts(unit)) {
      failures.add(new Failure(Kind.INVALID_PROGRAM, "", "javac rejects it: "
          + String.join("\n", texts)));
    } else if (inGenerated) {
      failures.add(new Failure(Kind.GENERATED_CODE_ERROR, "", String.join("\n", texts)));
    } else {
      failures.add(new Failure(Kind.REJECTED, "", String.join("\n", texts)));
    }
    return new Outcome(unit, failures, new Stats(), texts);
  }

  /** Whether plain javac, without annotation processing, compiles the program. */
  static boolean javacAccepts(Unit unit) {
    Compilation plain = Compiler.javac()
        .withOptions("--release", "17", "-proc:none")
        .compile(JavaFileObjects.forSourceString(unit.mainClass(), unit.source()));
    return plain.status() == Compilation.Status.SUCCESS;
  }

  static String describe(Diagnostic<? extends JavaFileObject> d) {
    String where = d.getSource() == null ? "<no source>"
        : d.getSource().getName() + ":" + d.getLineNumber();
    return where + ": " + d.getKind().toString().toLowerCase(Locale.ROOT) + ": "
        + d.getMessage(Locale.ROOT);
  }

  static boolean isGenerated(JavaFileObject file) {
    return file.toUri().getPath().contains("SOURCE_OUTPUT");
  }

  private static Unit owner(List<Unit> units, Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null) {
      return null;
    }
    String path = d.getSource().toUri().getPath();
    String file = path.substring(path.lastIndexOf('/') + 1).replace(".java", "");
    for (Unit unit : units) {
      for (String top : unit.topLevels()) {
        if (file.equals(top) || file.startsWith(top + "Grad") || file.startsWith(top + "_")) {
          return unit;
        }
      }
      String main = unit.mainClass().substring(unit.mainClass().lastIndexOf('.') + 1);
      if (file.equals(main)) {
        return unit;
      }
    }
    return null;
  }

  static String trace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    String text = out.toString();
    String[] lines = text.split("\n");
    StringBuilder shortened = new StringBuilder();
    for (int i = 0; i < Math.min(lines.length, 40); i++) {
      shortened.append(lines[i]).append('\n');
    }
    return shortened.toString();
  }

  /** Compiles with flatgrad and the survey, on a thread of its own with a time limit. */
  static Compiled compile(List<Unit> units, boolean withSurvey) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Unit unit : units) {
      files.add(JavaFileObjects.forSourceString(unit.mainClass(), unit.source()));
    }
    return compileFiles(files, withSurvey);
  }

  static Compiled compileFiles(List<JavaFileObject> files, boolean withSurvey) {
    Survey survey = new Survey();
    AtomicReference<Compilation> result = new AtomicReference<>();
    AtomicReference<Throwable> crash = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        // The survey runs first: flatgrad claims @Differentiable, so a later one would see none.
        Compiler compiler = withSurvey
            ? Compiler.javac().withProcessors(survey, new FlatgradProcessor())
            : Compiler.javac().withProcessors(new FlatgradProcessor());
        result.set(compiler
            .withOptions("--release", "17", "-parameters", "-Xmaxerrs", "100000")
            .compile(files));
      } catch (Throwable t) {
        crash.set(t);
      }
    }, "fuzz-javac");
    thread.setDaemon(true);
    thread.start();
    boolean finished = join(thread, COMPILE_TIMEOUT_MS);
    if (!finished) {
      kill(thread);
      return new Compiled(null, null, List.of(), true);
    }
    return new Compiled(result.get(), crash.get(), survey.methods(), false);
  }

  private List<Outcome> check(List<Unit> units, Compiled compiled) {
    ClassLoader loader = new BytesClassLoader(classFiles(compiled.compilation()),
        Harness.class.getClassLoader());
    List<Outcome> outcomes = new ArrayList<>();
    for (Unit unit : units) {
      List<MethodInfo> methods = compiled.methods().stream()
          .filter(info -> unit.topLevels().contains(info.topLevel()))
          .toList();
      outcomes.add(checkUnit(unit, methods, loader));
    }
    return outcomes;
  }

  /** Checks one program's methods on a fresh thread (so a fresh tape), within a time limit. */
  static Outcome checkUnit(Unit unit, List<MethodInfo> methods, ClassLoader loader) {
    Checker checker = new Checker(loader, unit.n(), unit.m(), unit.seed());
    List<Failure> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicReference<String> phase = new AtomicReference<>("");
    Thread thread = new Thread(() -> {
      for (MethodInfo info : methods) {
        phase.set(info.name());
        List<Object[]> extra = new ArrayList<>();
        for (Object[] point : unit.extraPoints().getOrDefault(info.name(), List.of())) {
          extra.add(point);
        }
        try {
          List<Failure> found = checker.check(info, extra);
          failures.addAll(found);
          if (found.stream().anyMatch(f -> f.kind() == Kind.TAPE
              || f.kind() == Kind.GRADIENT_THREW)) {
            break; // the tape of this thread can no longer be trusted
          }
        } catch (ThreadDeath stopped) {
          throw stopped; // stopped at the time limit: reported as a timeout below
        } catch (Throwable t) {
          failures.add(new Failure(Kind.GRADIENT_THREW, info.name(), "checking threw "
              + trace(t)));
          break;
        }
      }
      phase.set("done");
    }, "fuzz-check");
    thread.setDaemon(true);
    thread.start();
    if (!join(thread, CHECK_TIMEOUT_MS)) {
      kill(thread);
      String method = phase.get();
      // Who is stuck? Run the user's method alone: if it hangs too, the program is at fault.
      boolean userHangs = userHangs(unit, methods, loader);
      failures.add(new Failure(userHangs ? Kind.INVALID_PROGRAM : Kind.TIMEOUT, method,
          userHangs ? "the user's method does not finish"
              : "checking did not finish in " + CHECK_TIMEOUT_MS / 1000 + " s of CPU time"));
    }
    return new Outcome(unit, new ArrayList<>(failures), checker.stats, List.of());
  }

  private static boolean userHangs(Unit unit, List<MethodInfo> methods, ClassLoader loader) {
    Thread thread = new Thread(() -> {
      for (MethodInfo info : methods) {
        try {
          Class<?> owner = Class.forName(info.binaryClass(), true, loader);
          java.lang.reflect.Method user = null;
          for (java.lang.reflect.Method method : owner.getDeclaredMethods()) {
            if (method.getName().equals(info.name())
                && method.getParameterCount() == info.parameterCount()) {
              user = method;
            }
          }
          user.setAccessible(true);
          java.util.Random random = new java.util.Random(Checker.pointSeed(unit.seed(), info));
          for (int p = 0; p < Checker.POINTS; p++) {
            try {
              Object[] point = new Object[info.parameterCount()];
              for (int k = 0; k < point.length; k++) {
                point[k] = Values.random(user.getParameterTypes()[k], unit.n(), unit.m(),
                    random);
              }
              user.invoke(null, point);
            } catch (java.lang.reflect.InvocationTargetException e) {
              // not a hang
            }
          }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          // not a hang
        }
      }
    }, "fuzz-user");
    thread.setDaemon(true);
    thread.start();
    if (join(thread, CHECK_TIMEOUT_MS / 3)) {
      return false;
    }
    kill(thread);
    return true;
  }

  /**
   * Waits until {@code thread} ends or has used {@code millis} of CPU time, counting the garbage
   * collector's time meanwhile (a program that fills the heap spends its time there): a limit on
   * CPU, not on the wall clock, so a loaded machine does not turn slow checks into timeouts. A
   * thread that waits without using the CPU gets twenty times as long on the wall clock.
   */
  private static boolean join(Thread thread, long millis) {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long wallDeadline = System.nanoTime() + 20 * millis * 1_000_000L;
    long gcAtStart = collectionMillis();
    try {
      while (thread.isAlive()) {
        thread.join(Math.min(millis, 500));
        @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; this compiles for 17
        long cpu = threads.getThreadCpuTime(thread.getId())
            + (collectionMillis() - gcAtStart) * 1_000_000L;
        if (cpu > millis * 1_000_000L || System.nanoTime() > wallDeadline) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /** The garbage collectors' total time so far, in milliseconds. */
  private static long collectionMillis() {
    long total = 0;
    for (var collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionTime());
    }
    return total;
  }

  @SuppressWarnings({"deprecation", "removal"})
  private static void kill(Thread thread) {
    thread.interrupt();
    try {
      thread.stop(); // JDK 17 still stops a thread spinning in generated code
    } catch (UnsupportedOperationException e) {
      // a later JDK: the daemon thread spins on; the fuzz run goes on without it
    }
  }

  static Map<String, byte[]> classFiles(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      int start = path.indexOf("/CLASS_OUTPUT/");
      String name = path.substring(start + "/CLASS_OUTPUT/".length(),
          path.length() - ".class".length()).replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }

  /** Defines classes from bytes; everything else (the runtime, the JDK) comes from the parent. */
  static final class BytesClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
