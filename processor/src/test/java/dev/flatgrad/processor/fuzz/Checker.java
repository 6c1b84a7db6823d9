package dev.flatgrad.processor.fuzz;

import dev.flatgrad.Tape;
import dev.flatgrad.processor.fuzz.Survey.MethodInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Checks the generated code of one {@code @Differentiable} method against the user's method at
 * random points: the value bit for bit, every derivative against central finite differences at
 * three step sizes (points where they disagree with each other are not smooth there, and are
 * skipped rather than reported), the result's shape, purity, the thread's tape left empty, and
 * the pullback consistent with the gradient.
 */
final class Checker {

  /** What went wrong, from most to least severe. */
  enum Kind {
    PROCESSOR_EXCEPTION,
    INTERNAL_ERROR,
    GENERATED_CODE_ERROR,
    REJECTED,
    TIMEOUT,
    GRADIENT_THREW,
    VALUE,
    GRADIENT,
    SHAPE,
    PURITY,
    TAPE,
    PULLBACK,
    HESSIAN_VECTOR,
    /** Not flatgrad's fault: the generator wrote an invalid program. */
    INVALID_PROGRAM
  }

  record Failure(Kind kind, String method, String detail) {
    /**
     * A NaN or infinite derivative: where a program computes NaN or ∞ on the way (x / 0,
     * sqrt(-1)) that the result does not depend on, reverse mode multiplies a zero adjoint by
     * an infinite partial, 0 × ∞ = NaN, as any reverse-mode AD does. Generated programs never
     * do that; mutants may.
     */
    boolean nonFiniteGradient() {
      return kind == Kind.GRADIENT && detail.matches("(?s).*: d/d\\S+ = (NaN|-?Infinity),.*");
    }

    @Override
    public String toString() {
      return kind + " " + method + ": " + detail;
    }
  }

  /** Counters for the report. */
  static final class Stats {
    long methods;
    long points;
    long skippedPoints;
    long coordinates;
    long nonSmooth;
    /** Hessian-vector products checked, one per point of a method that has one. */
    long products;

    void add(Stats other) {
      products += other.products;
      methods += other.methods;
      points += other.points;
      skippedPoints += other.skippedPoints;
      coordinates += other.coordinates;
      nonSmooth += other.nonSmooth;
    }

    @Override
    public String toString() {
      return ("%d methods, %d points (%d skipped), %d derivatives compared, %d not smooth,"
          + " %d Hessian-vector products").formatted(methods, points, skippedPoints, coordinates,
          nonSmooth, products);
    }
  }

  static final int POINTS = 3;

  private final ClassLoader loader;
  private final int n;
  private final int m;
  private final long seed;
  final Stats stats = new Stats();
  /** The receiver of the instance method being checked, or null for a static method. */
  private Object receiver;
  /** The check of the method's Hessian-vector product, null when it has none. */
  private HessianVectorCheck hessianVector;

  Checker(ClassLoader loader, int n, int m, long seed) {
    this.loader = loader;
    this.n = n;
    this.m = m;
    this.seed = seed;
  }

  /**
   * A receiver for an instance method: a new object of {@code type}, or for an interface (a
   * default method) a proxy that runs its default methods.
   */
  private static Object instance(Class<?> type) throws ReflectiveOperationException {
    if (type.isInterface()) {
      return java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(),
          new Class<?>[] {type}, (proxy, method, arguments) -> {
            if (!method.isDefault()) {
              throw new UnsupportedOperationException(method.toString());
            }
            // invokeDefault would need access to the interface from here; a private lookup
            // in the interface itself has it.
            var lookup = java.lang.invoke.MethodHandles.privateLookupIn(type,
                java.lang.invoke.MethodHandles.lookup());
            return lookup.unreflectSpecial(method, type).bindTo(proxy)
                .invokeWithArguments(arguments);
          });
    }
    var constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }

  /** Checks one method at {@link #POINTS} random points and at {@code extra} ones. */
  List<Failure> check(MethodInfo info, List<Object[]> extra) {
    stats.methods++;
    List<Failure> failures = new ArrayList<>();
    Method user;
    Method gradient;
    try {
      Class<?> userClass = Class.forName(info.binaryClass(), true, loader);
      user = find(userClass, info.name(), info.parameterCount(), null);
      Class<?> gradClass = Class.forName(info.gradClass(), true, loader);
      List<Class<?>> types = new ArrayList<>(List.of(user.getParameterTypes()));
      receiver = null;
      if (!Modifier.isStatic(user.getModifiers())) {
        // An instance method (a mutant dropped static): the generated methods take it first.
        receiver = instance(userClass);
        types.add(0, userClass);
      }
      gradient = find(gradClass, info.name(), -1, types.toArray(Class<?>[]::new));
    } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
      failures.add(new Failure(Kind.SHAPE, info.name(), "cannot find or load: " + e));
      return failures;
    }
    String shape = shapeProblem(info, gradient);
    if (shape != null) {
      failures.add(new Failure(Kind.SHAPE, info.name(), shape));
      return failures;
    }
    Method pullback = findPullback(info, gradient.getDeclaringClass());
    hessianVector = HessianVectorCheck.of(info, gradient, this::invoke);
    List<Object[]> points = new ArrayList<>(extra);
    Random random = new Random(pointSeed(seed, info));
    for (int p = 0; p < POINTS; p++) {
      points.add(Points.random(info.paramTypes(), n, m, random));
    }
    for (Object[] point : points) {
      Failure failure = checkPoint(info, user, gradient, pullback, point);
      if (failure != null) {
        failures.add(failure);
        break; // one per method is enough to reduce
      }
    }
    return failures;
  }

  static long pointSeed(long seed, MethodInfo info) {
    return seed * 31 + info.name().hashCode() * 17L + info.paramTypes().hashCode();
  }

  private static Method find(Class<?> owner, String name, int arity, Class<?>[] types)
      throws NoSuchMethodException {
    if (types != null) {
      Method method = owner.getDeclaredMethod(name, types);
      method.setAccessible(true);
      return method;
    }
    for (Method method : owner.getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arity) {
        method.setAccessible(true);
        return method;
      }
    }
    throw new NoSuchMethodException(owner.getName() + "." + name);
  }

  private String shapeProblem(MethodInfo info, Method gradient) {
    Class<?> result = gradient.getReturnType();
    if (!result.isRecord()) {
      return "returns " + result + ", not a record";
    }
    List<String> expected = new ArrayList<>(List.of("value"));
    List<String> expectedTypes = new ArrayList<>(List.of("double"));
    for (int i = 0; i < info.parameterCount(); i++) {
      if (info.differentiated().get(i)) {
        expected.add(component(info, i));
        expectedTypes.add(info.paramTypes().get(i));
      }
    }
    List<String> actual = new ArrayList<>();
    List<String> actualTypes = new ArrayList<>();
    for (RecordComponent component : result.getRecordComponents()) {
      actual.add(component.getName());
      actualTypes.add(component.getType().getCanonicalName());
    }
    if (!actual.equals(expected) || !actualTypes.equals(expectedTypes)) {
      return "record components " + actual + " " + actualTypes + ", expected " + expected + " "
          + expectedTypes;
    }
    return null;
  }

  private Method findPullback(MethodInfo info, Class<?> gradClass) {
    int sinks = receiver == null ? 0 : 1;
    for (int i = 0; i < info.parameterCount(); i++) {
      if (info.differentiated().get(i) && info.paramTypes().get(i).endsWith("]")) {
        sinks++;
      }
    }
    for (Method method : gradClass.getDeclaredMethods()) {
      if (method.getName().equals(info.name() + "Pullback")
          && method.getParameterCount() == info.parameterCount() + 1 + sinks) {
        method.setAccessible(true);
        return method;
      }
    }
    return null;
  }

  /** Thrown by an invocation: the exception the method threw. */
  static final class Threw extends Exception {
    Threw(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Calls a user's or a generated method; for an instance method's, on or with {@link
   * #receiver}.
   */
  private Object invoke(Method method, Object[] arguments) throws Threw {
    Object target = null;
    Object[] all = arguments;
    if (receiver != null && !Modifier.isStatic(method.getModifiers())) {
      target = receiver;
    } else if (receiver != null) {
      all = new Object[arguments.length + 1];
      all[0] = receiver;
      System.arraycopy(arguments, 0, all, 1, arguments.length);
    }
    try {
      return method.invoke(target, all);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof ThreadDeath death) {
        throw death; // the harness stopped a check past its time limit: a timeout, not a failure
      }
      throw new Threw(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private double value(Method user, Object[] point) throws Threw {
    return (double) invoke(user, Points.copy(point));
  }

  private Failure checkPoint(MethodInfo info, Method user, Method gradient, Method pullback,
      Object[] point) {
    stats.points++;
    String where = info.name() + " at " + Points.format(point);
    double expected;
    try {
      expected = value(user, point);
    } catch (Threw e) {
      return new Failure(Kind.INVALID_PROGRAM, info.name(), where + ": the user's method threw "
          + e.getCause());
    }
    if (!Double.isFinite(expected) || Math.abs(expected) > 1e10) {
      stats.skippedPoints++;
      return null;
    }
    Object[] call = Points.copy(point);
    Record record;
    Tape tape = Tape.forThread();
    try {
      record = (Record) invoke(gradient, call);
    } catch (Threw e) {
      StringBuilder trace = new StringBuilder(where + ": threw " + e.getCause());
      for (StackTraceElement frame : e.getCause().getStackTrace()) {
        if (frame.getClassName().startsWith("fuzz")) {
          trace.append(" at ").append(frame);
          break;
        }
      }
      return new Failure(Kind.GRADIENT_THREW, info.name(), trace.toString());
    }
    if (!tape.isEmpty()) {
      // The harness discards this thread, and its tape, after such a failure.
      return new Failure(Kind.TAPE, info.name(), where + ": the tape is not empty afterwards");
    }
    if (!Points.deepEquals(call, point)) {
      return new Failure(Kind.PURITY, info.name(), where + ": the arguments changed to "
          + Points.format(call));
    }
    Map<String, Object> components = components(record);
    double actual = (double) components.get("value");
    if (Double.doubleToLongBits(actual) != Double.doubleToLongBits(expected)) {
      return new Failure(Kind.VALUE, info.name(), where + ": value() = " + actual
          + ", the user's method returns " + expected);
    }
    for (int p = 0; p < info.parameterCount(); p++) {
      if (!info.differentiated().get(p)) {
        continue;
      }
      String name = info.paramNames().get(p);
      Object g = components.get(component(info, p));
      Object argument = point[p];
      if (g == argument && g != null && !(g instanceof Double)) {
        return new Failure(Kind.PURITY, info.name(), where + ": the gradient of " + name
            + " is the argument array itself");
      }
      if (argument instanceof Double x) {
        Failure f = compare(info, user, point, p, -1, -1, x, (double) g, name, where, expected);
        if (f != null) {
          return f;
        }
      } else if (argument instanceof double[] vector) {
        double[] gv = (double[]) g;
        if (gv == null || gv.length != vector.length) {
          return new Failure(Kind.SHAPE, info.name(), where + ": gradient of " + name + " has "
              + (gv == null ? "null" : "length " + gv.length));
        }
        for (int i = 0; i < vector.length; i++) {
          Failure f = compare(info, user, point, p, i, -1, vector[i], gv[i],
              name + "[" + i + "]", where, expected);
          if (f != null) {
            return f;
          }
        }
      } else if (argument instanceof double[][] matrix) {
        double[][] gm = (double[][]) g;
        if (gm == null || gm.length != matrix.length) {
          return new Failure(Kind.SHAPE, info.name(), where + ": gradient of " + name
              + " has the wrong shape");
        }
        for (int i = 0; i < matrix.length; i++) {
          if (gm[i] == null || gm[i].length != matrix[i].length || gm[i] == matrix[i]) {
            return new Failure(Kind.SHAPE, info.name(), where + ": gradient of " + name
                + " row " + i + " has the wrong shape");
          }
          for (int j = 0; j < matrix[i].length; j++) {
            Failure f = compare(info, user, point, p, i, j, matrix[i][j], gm[i][j],
                name + "[" + i + "][" + j + "]", where, expected);
            if (f != null) {
              return f;
            }
          }
        }
      }
    }
    if (pullback != null) {
      Failure failure = checkPullback(info, pullback, point, components, expected, where);
      if (failure != null) {
        return failure;
      }
    }
    if (hessianVector != null) {
      return hessianVector.check(point, components, expected, where,
          new Random(pointSeed(seed, info) + stats.points), stats);
    }
    return null;
  }

  private Failure compare(MethodInfo info, Method user, Object[] point, int p, int i, int j,
      double x, double g, String name, String where, double f) {
    double scale = Math.max(1, Math.abs(x));
    double[] fd = new double[3];
    double[] steps = {1e-4 * scale, 3e-5 * scale, 1e-5 * scale};
    for (int s = 0; s < steps.length; s++) {
      try {
        fd[s] = difference(user, point, p, i, j, x, steps[s]);
      } catch (Threw e) {
        stats.nonSmooth++;
        return null;
      }
      if (!Double.isFinite(fd[s])) {
        stats.nonSmooth++;
        return null;
      }
    }
    double spread = Math.max(Math.abs(fd[0] - fd[2]),
        Math.max(Math.abs(fd[0] - fd[1]), Math.abs(fd[1] - fd[2])));
    if (spread > 1e-3 * Math.max(1, Math.abs(fd[2]))) {
      stats.nonSmooth++; // a kink, a jump or noise within the steps: the check means nothing
      return null;
    }
    // A kink exactly at the point fools central differences, which then agree at every step:
    // compare the slopes on the two sides.
    double[] sides;
    try {
      sides = oneSided(user, point, p, i, j, x, 1e-6 * scale, f);
    } catch (Threw e) {
      stats.nonSmooth++;
      return null;
    }
    if (!(Math.abs(sides[0] - sides[1]) <= 1e-3 * Math.max(1, Math.abs(fd[2])))) {
      stats.nonSmooth++;
      return null;
    }
    stats.coordinates++;
    double tolerance = 1e-6 * Math.max(1, Math.abs(g)) + 4 * spread
        + 1e-12 * Math.max(1, Math.abs(f)) / steps[2];
    if (Math.abs(g - fd[2]) <= tolerance || Math.abs(g - fd[1]) <= tolerance) {
      return null;
    }
    return new Failure(Kind.GRADIENT, info.name(), where + ": d/d" + name + " = " + g
        + ", finite differences " + fd[0] + ", " + fd[1] + ", " + fd[2]);
  }

  /** The forward and the backward difference quotients at the point, whose value is f. */
  private double[] oneSided(Method user, Object[] point, int p, int i, int j, double x,
      double h, double f) throws Threw {
    Object[] plus = Points.copy(point);
    Object[] minus = Points.copy(point);
    Points.set(plus, p, i, j, x + h);
    Points.set(minus, p, i, j, x - h);
    return new double[] {(value(user, plus) - f) / ((x + h) - x),
        (f - value(user, minus)) / (x - (x - h))};
  }

  private double difference(Method user, Object[] point, int p, int i, int j, double x,
      double h) throws Threw {
    Object[] plus = Points.copy(point);
    Object[] minus = Points.copy(point);
    Points.set(plus, p, i, j, x + h);
    Points.set(minus, p, i, j, x - h);
    double step = (x + h) - (x - h);
    return (value(user, plus) - value(user, minus)) / step;
  }

  private Failure checkPullback(MethodInfo info, Method pullback, Object[] point,
      Map<String, Object> gradient, double expected, String where) {
    double upstream = 0.5;
    List<Object> arguments = new ArrayList<>(Arrays.asList(Points.copy(point)));
    arguments.add(upstream);
    List<Object> sinks = new ArrayList<>();
    List<String> sinkNames = new ArrayList<>();
    for (int p = 0; p < info.parameterCount(); p++) {
      if (info.differentiated().get(p) && point[p] instanceof double[] v) {
        double[] sink = new double[v.length];
        Arrays.fill(sink, 1.0);
        sinks.add(sink);
        sinkNames.add(component(info, p));
      } else if (info.differentiated().get(p) && point[p] instanceof double[][] mat) {
        double[][] sink = new double[mat.length][];
        for (int i = 0; i < mat.length; i++) {
          sink[i] = new double[mat[i].length];
          Arrays.fill(sink[i], 1.0);
        }
        sinks.add(sink);
        sinkNames.add(component(info, p));
      }
    }
    arguments.addAll(sinks);
    Object result;
    try {
      result = invoke(pullback, arguments.toArray());
    } catch (Threw e) {
      return new Failure(Kind.GRADIENT_THREW, info.name(), where + ": the pullback threw "
          + e.getCause());
    }
    if (!Tape.forThread().isEmpty()) {
      return new Failure(Kind.TAPE, info.name(), where + ": the pullback left the tape dirty");
    }
    double value = result instanceof Double d ? d : (double) components((Record) result)
        .get("value");
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(expected)) {
      return new Failure(Kind.PULLBACK, info.name(), where + ": the pullback's value " + value
          + ", the user's method returns " + expected);
    }
    if (result instanceof Record record) {
      for (Map.Entry<String, Object> entry : components(record).entrySet()) {
        if (entry.getKey().equals("value")) {
          continue;
        }
        double pulled = (double) entry.getValue();
        Object g = gradient.get(entry.getKey());
        if (!(g instanceof Double full) || !close(pulled, upstream * full)) {
          return new Failure(Kind.PULLBACK, info.name(), where + ": the pullback gives "
              + entry.getKey() + " = " + pulled + ", upstream × gradient = "
              + (g instanceof Double full2 ? upstream * full2 : g));
        }
      }
    }
    for (int s = 0; s < sinks.size(); s++) {
      Object g = gradient.get(sinkNames.get(s));
      if (sinks.get(s) instanceof double[] sink) {
        double[] full = (double[]) g;
        for (int i = 0; i < sink.length; i++) {
          if (!close(sink[i] - 1.0, upstream * full[i])) {
            return new Failure(Kind.PULLBACK, info.name(), where + ": the pullback adds "
                + (sink[i] - 1) + " to " + sinkNames.get(s) + "[" + i + "], upstream × gradient = "
                + upstream * full[i]);
          }
        }
      } else {
        double[][] sink = (double[][]) sinks.get(s);
        double[][] full = (double[][]) g;
        for (int i = 0; i < sink.length; i++) {
          for (int j = 0; j < sink[i].length; j++) {
            if (!close(sink[i][j] - 1.0, upstream * full[i][j])) {
              return new Failure(Kind.PULLBACK, info.name(), where + ": the pullback adds "
                  + (sink[i][j] - 1) + " to " + sinkNames.get(s) + "[" + i + "][" + j
                  + "], upstream × gradient = " + upstream * full[i][j]);
            }
          }
        }
      }
    }
    return null;
  }

  private static boolean close(double a, double b) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  /** The result record's component for parameter {@code p}: {@code wait} is {@code wait_}. */
  private static String component(MethodInfo info, int p) {
    return dev.flatgrad.processor.ir.RecordComponents.of(info.paramNames().get(p),
        info.paramNames());
  }

  static Map<String, Object> components(Record record) {
    Map<String, Object> components = new LinkedHashMap<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      try {
        Method accessor = component.getAccessor();
        accessor.setAccessible(true);
        components.put(component.getName(), accessor.invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return components;
  }
}
