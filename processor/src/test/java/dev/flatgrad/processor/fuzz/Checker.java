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

  /**
   * One problem. {@code nonFiniteDerivative} marks a derivative that is NaN or ±∞ where what it
   * is compared with is finite, or the other way round: where a method computes NaN or ∞ on the way (x / 0, sqrt(-1),
   * exp(1e20)) that its result does not depend on, the chain rule still multiplies a zero by
   * that infinite partial, 0 × ∞ = NaN, as in any AD tool. Generated programs never do that;
   * mutants may.
   */
  record Failure(Kind kind, String method, String detail, boolean nonFiniteDerivative) {
    Failure(Kind kind, String method, String detail) {
      this(kind, method, detail, false);
    }

    /**
     * A derivative {@code actual} that differs from the {@code reference} it is checked with
     * (finite differences, or the same derivative computed by another mode).
     */
    static Failure derivative(Kind kind, String method, String detail, double actual,
        double reference) {
      return new Failure(kind, method, detail,
          Double.isFinite(actual) != Double.isFinite(reference));
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
    /** Methods returning double[], taking records, taking enums; with promised second order. */
    long vectorMethods;
    long recordMethods;
    long enumMethods;
    long promisedSecondOrder;

    void add(Stats other) {
      products += other.products;
      vectorMethods += other.vectorMethods;
      recordMethods += other.recordMethods;
      enumMethods += other.enumMethods;
      promisedSecondOrder += other.promisedSecondOrder;
      methods += other.methods;
      points += other.points;
      skippedPoints += other.skippedPoints;
      coordinates += other.coordinates;
      nonSmooth += other.nonSmooth;
    }

    @Override
    public String toString() {
      return ("%d methods, %d points (%d skipped), %d derivatives compared, %d not smooth,"
          + " %d Hessian-vector products; %d vector-valued methods, %d with records, %d with"
          + " enums, %d with promised second order").formatted(methods, points, skippedPoints,
          coordinates, nonSmooth, products, vectorMethods, recordMethods, enumMethods,
          promisedSecondOrder);
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
    stats.vectorMethods += info.vector() ? 1 : 0;
    stats.recordMethods += Arrays.stream(user.getParameterTypes()).anyMatch(Class::isRecord)
        ? 1 : 0;
    stats.enumMethods += Arrays.stream(user.getParameterTypes()).anyMatch(Class::isEnum) ? 1 : 0;
    stats.promisedSecondOrder += info.expectsSecondOrder() ? 1 : 0;
    String shape = shapeProblem(info, gradient);
    if (shape != null) {
      failures.add(new Failure(Kind.SHAPE, info.name(), shape));
      return failures;
    }
    // The receiver of an instance method comes first in every generated method.
    int arrays = receiver == null ? 0 : 1;
    int directions = receiver == null ? 0 : 1;
    for (int i = 0; i < info.parameterCount(); i++) {
      if (info.differentiated().get(i)) {
        directions++;
        arrays += info.paramTypes().get(i).equals("double") ? 0 : 1;
      }
    }
    Class<?> gradClass = gradient.getDeclaringClass();
    Method pullback = generated(gradClass, info.name() + "Pullback",
        info.parameterCount() + 1 + arrays);
    Method tangent = generated(gradClass, info.name() + "Tangent",
        info.parameterCount() + directions);
    JacobianPointCheck jacobian = null;
    if (info.vector()) {
      jacobian = new JacobianPointCheck(info, user, gradient, pullback, tangent, this::invoke, stats);
      hessianVector = null;
    } else {
      hessianVector = HessianVectorCheck.of(info, gradient, this::invoke);
      if (hessianVector == null && info.expectsSecondOrder()) {
        failures.add(new Failure(Kind.HESSIAN_VECTOR, info.name(), "no " + info.name()
            + "HessianVector was generated, but the contract promises one here (calls and"
            + " custom rules with tangent rules have second order)"));
        return failures;
      }
    }
    Method accumulate = info.vector() ? null : generated(gradClass,
        info.name() + "Accumulate", info.parameterCount() + arrays);
    List<Object[]> points = new ArrayList<>(extra);
    Random random = new Random(pointSeed(seed, info));
    for (int p = 0; p < POINTS; p++) {
      Object[] point = new Object[info.parameterCount()];
      for (int k = 0; k < point.length; k++) {
        point[k] = Values.random(user.getParameterTypes()[k], n, m, random);
      }
      points.add(point);
    }
    for (Object[] point : points) {
      Failure failure = jacobian != null
          ? jacobian.check(point, new Random(pointSeed(seed, info) + stats.points))
          : checkPoint(info, user, gradient, pullback, accumulate, tangent, point);
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

  /**
   * The generated method {@code name} taking {@code arity} parameters (an instance method's
   * receiver counted), or null.
   */
  private static Method generated(Class<?> gradClass, String name, int arity) {
    for (Method method : gradClass.getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arity) {
        method.setAccessible(true);
        return method;
      }
    }
    return null;
  }

  private String shapeProblem(MethodInfo info, Method gradient) {
    Class<?> result = gradient.getReturnType();
    if (!result.isRecord()) {
      return "returns " + result + ", not a record";
    }
    // A vector method's components are Jacobians: one dimension more than the parameter.
    String more = info.vector() ? "[]" : "";
    List<String> expected = new ArrayList<>(List.of("value"));
    List<String> expectedTypes = new ArrayList<>(List.of("double" + more));
    for (int i = 0; i < info.parameterCount(); i++) {
      if (info.differentiated().get(i)) {
        expected.add(component(info, i));
        expectedTypes.add(info.paramTypes().get(i) + more);
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
      Method accumulate, Method tangent, Object[] point) {
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
      String problem = Values.shapeProblem(g, argument);
      if (problem != null) {
        return new Failure(Kind.SHAPE, info.name(), where + ": gradient of " + name + " is "
            + problem);
      }
      for (int[] path : Values.leaves(argument)) {
        Failure f = compare(info, user, point, p, path, Values.get(argument, path),
            Values.get(g, path), Values.describe(name, argument, path), where, expected);
        if (f != null) {
          return f;
        }
      }
    }
    if (pullback != null) {
      Failure failure = checkPullback(info, pullback, point, components, expected, where, 0.5,
          1.0);
      if (failure != null) {
        return failure;
      }
    }
    if (accumulate != null) {
      // fAccumulate is fPullback with upstream 1: it adds the gradient into sinks holding 0.5.
      Failure failure = checkPullback(info, accumulate, point, components, expected, where,
          Double.NaN, 0.5);
      if (failure != null) {
        return failure;
      }
    }
    if (tangent != null) {
      Failure failure = checkTangent(info, tangent, point, components, expected, where,
          new Random(pointSeed(seed, info) - stats.points));
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

  private Failure compare(MethodInfo info, Method user, Object[] point, int p, int[] path,
      double x, double g, String name, String where, double f) {
    double scale = Math.max(1, Math.abs(x));
    double[] fd = new double[3];
    double[] steps = {1e-4 * scale, 3e-5 * scale, 1e-5 * scale};
    for (int s = 0; s < steps.length; s++) {
      try {
        fd[s] = difference(user, point, p, path, x, steps[s]);
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
    if (spread > 1e-3 * Math.max(1, Math.abs(fd[2])) || oscillates(fd, spread, f, steps[2])) {
      stats.nonSmooth++; // a kink, a jump or noise within the steps: the check means nothing
      return null;
    }
    // A kink exactly at the point fools central differences, which then agree at every step:
    // compare the slopes on the two sides.
    double[] sides;
    try {
      sides = oneSided(user, point, p, path, x, 1e-6 * scale, f);
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
    return Failure.derivative(Kind.GRADIENT, info.name(), where + ": d/d" + name + " = " + g
        + ", finite differences " + fd[0] + ", " + fd[1] + ", " + fd[2], g, fd[2]);
  }

  /**
   * Whether differences {@code fd} that agree within the absolute tolerance still disagree with
   * each other entirely, far above the rounding of {@code f}: a function oscillating faster than
   * the steps resolve, such as {@code sin(t) / t} after {@code t} was squared eight times (t ~
   * 1e14, whose ulp changes sin), whose tiny values the differences only sample. Flat functions
   * differ by rounding only, so a wrong derivative of one is still reported.
   */
  static boolean oscillates(double[] fd, double spread, double f, double smallestStep) {
    double largest = Math.max(Math.abs(fd[0]), Math.max(Math.abs(fd[1]), Math.abs(fd[2])));
    return spread > 0.5 * largest && largest > 1e-9 * Math.abs(f) / smallestStep;
  }

  /** The point with the double at {@code path} of parameter {@code p} set to {@code x}. */
  static Object[] moved(Object[] point, int p, int[] path, double x) {
    Object[] moved = Points.copy(point);
    moved[p] = Values.with(moved[p], path, x);
    return moved;
  }

  /** The forward and the backward difference quotients at the point, whose value is f. */
  private double[] oneSided(Method user, Object[] point, int p, int[] path, double x,
      double h, double f) throws Threw {
    return new double[] {(value(user, moved(point, p, path, x + h)) - f) / ((x + h) - x),
        (f - value(user, moved(point, p, path, x - h))) / (x - (x - h))};
  }

  private double difference(Method user, Object[] point, int p, int[] path, double x,
      double h) throws Threw {
    double step = (x + h) - (x - h);
    return (value(user, moved(point, p, path, x + h))
        - value(user, moved(point, p, path, x - h))) / step;
  }

  /**
   * {@code fPullback} with {@code upstream} (or {@code fAccumulate} when it is NaN, upstream 1)
   * into sinks whose doubles all hold {@code start}: each sink entry must gain upstream × the
   * gradient entry, the returned record hold upstream × the gradient of each double outside
   * arrays (plain doubles and doubles of records), the value stay bit for bit the user's.
   */
  private Failure checkPullback(MethodInfo info, Method pullback, Object[] point,
      Map<String, Object> gradient, double expected, String where, double upstream,
      double start) {
    boolean accumulate = Double.isNaN(upstream);
    String what = accumulate ? "the accumulating pullback" : "the pullback";
    double factor = accumulate ? 1.0 : upstream;
    List<Object> arguments = new ArrayList<>(Arrays.asList(Points.copy(point)));
    if (!accumulate) {
      arguments.add(upstream);
    }
    Object[] sinks = new Object[info.parameterCount()];
    for (int p = 0; p < info.parameterCount(); p++) {
      if (info.differentiated().get(p) && !(point[p] instanceof Double)) {
        sinks[p] = Values.fill(point[p], () -> start);
        arguments.add(sinks[p]);
      }
    }
    Object result;
    try {
      result = invoke(pullback, arguments.toArray());
    } catch (Threw e) {
      return new Failure(Kind.GRADIENT_THREW, info.name(), where + ": " + what + " threw "
          + e.getCause());
    }
    if (!Tape.forThread().isEmpty()) {
      return new Failure(Kind.TAPE, info.name(), where + ": " + what + " left the tape dirty");
    }
    double value = result instanceof Double d ? d : (double) components((Record) result)
        .get("value");
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(expected)) {
      return new Failure(Kind.PULLBACK, info.name(), where + ": " + what + "'s value " + value
          + ", the user's method returns " + expected);
    }
    Map<String, Object> returned = result instanceof Record record ? components(record)
        : Map.of();
    for (int p = 0; p < info.parameterCount(); p++) {
      if (!info.differentiated().get(p)) {
        continue;
      }
      String name = component(info, p);
      Object full = gradient.get(name);
      for (int[] path : Values.leaves(point[p])) {
        String entry = Values.describe(name, point[p], path);
        double pulled;
        if (Values.inArray(point[p], path)) {
          pulled = Values.get(sinks[p], path) - start;
        } else if (returned.get(name) != null) {
          pulled = Values.get(returned.get(name), path);
        } else {
          return new Failure(Kind.PULLBACK, info.name(), where + ": " + what + " returns no "
              + name + " component");
        }
        double wanted = factor * Values.get(full, path);
        if (!close(pulled, wanted)) {
          return Failure.derivative(Kind.PULLBACK, info.name(), where + ": " + what + " gives "
              + entry + " = " + pulled + ", upstream × gradient = " + wanted, pulled, wanted);
        }
      }
    }
    return null;
  }

  /** {@code fTangent} along a random direction: the gradient dotted with it. */
  private Failure checkTangent(MethodInfo info, Method tangent, Object[] point,
      Map<String, Object> gradient, double expected, String where, Random random) {
    List<Object> arguments = new ArrayList<>(Arrays.asList(Points.copy(point)));
    double dot = 0;
    double scale = 0;
    for (int p = 0; p < info.parameterCount(); p++) {
      if (!info.differentiated().get(p)) {
        continue;
      }
      Object direction = Values.fill(point[p], () -> random.nextDouble() * 2 - 1);
      arguments.add(direction);
      Object full = gradient.get(component(info, p));
      for (int[] path : Values.leaves(point[p])) {
        double term = Values.get(full, path) * Values.get(direction, path);
        dot += term;
        scale += Math.abs(term);
      }
    }
    Map<String, Object> result;
    try {
      result = components((Record) invoke(tangent, arguments.toArray()));
    } catch (Threw e) {
      return new Failure(Kind.GRADIENT_THREW, info.name(), where + ": the tangent threw "
          + e.getCause());
    }
    if (!Tape.forThread().isEmpty()) {
      return new Failure(Kind.TAPE, info.name(), where + ": the tangent left the tape dirty");
    }
    double value = (double) result.get("value");
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(expected)) {
      return new Failure(Kind.VALUE, info.name(), where + ": the tangent's value " + value
          + ", the user's method returns " + expected);
    }
    double along = (double) result.get("tangent");
    if (!(Math.abs(along - dot) <= 1e-9 * Math.max(1, scale))) {
      return Failure.derivative(Kind.GRADIENT, info.name(), where + ": the tangent is " + along
          + ", the gradient dotted with its direction " + dot, along, dot);
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
  static String component(MethodInfo info, int p) {
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
