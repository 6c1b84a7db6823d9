package dev.flatgrad.processor.fuzz;

import dev.flatgrad.Tape;
import dev.flatgrad.processor.fuzz.Checker.Failure;
import dev.flatgrad.processor.fuzz.Checker.Kind;
import dev.flatgrad.processor.fuzz.Checker.Stats;
import dev.flatgrad.processor.fuzz.Checker.Threw;
import dev.flatgrad.processor.fuzz.Survey.MethodInfo;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fuzzer's check of a method returning {@code double[]} at one point: the value element by
 * element bit for bit; each Jacobian column (one input double) against central differences of
 * the user's method at three step sizes (rows where they disagree, or where the two one-sided
 * slopes differ, are not smooth there and skipped) and against {@code fTangent} along that unit
 * direction and along a random one, where there is one (a method whose directions, or a callee's,
 * exceed Java's parameter slots has none); each row against {@code fPullback} of the unit upstream
 * vector, and the pullback of a random upstream vector against upstream × Jacobian; arguments
 * untouched, tape empty.
 */
final class JacobianPointCheck {

  private final MethodInfo info;
  private final Method user;
  private final Method jacobian;
  private final Method pullback;
  private final Method tangent;
  private final HessianVectorCheck.Invoker invoker;
  private final Stats stats;

  JacobianPointCheck(MethodInfo info, Method user, Method jacobian, Method pullback,
      Method tangent, HessianVectorCheck.Invoker invoker, Stats stats) {
    this.info = info;
    this.user = user;
    this.jacobian = jacobian;
    this.pullback = pullback;
    this.tangent = tangent;
    this.invoker = invoker;
    this.stats = stats;
  }

  /** One input double: parameter {@code p}, the path to it, its name. */
  private record Entry(int p, int[] path, String name) {}

  Failure check(Object[] point, Random random) {
    stats.points++;
    String where = info.name() + " at " + Points.format(point);
    double[] expected;
    try {
      expected = user(point);
    } catch (Threw e) {
      return new Failure(Kind.INVALID_PROGRAM, info.name(), where + ": the user's method threw "
          + e.getCause());
    }
    for (double v : expected) {
      if (!Double.isFinite(v) || Math.abs(v) > 1e10) {
        stats.skippedPoints++;
        return null;
      }
    }
    if (pullback == null) {
      return failure(Kind.SHAPE, where + ": no fPullback taking " + info.parameterCount()
          + " parameters and the upstream and sinks");
    }
    Object[] call = Points.copy(point);
    Map<String, Object> result;
    try {
      result = Checker.components((Record) invoker.invoke(jacobian, call));
    } catch (Threw e) {
      return failure(Kind.GRADIENT_THREW, where + ": threw " + e.getCause());
    }
    if (!Tape.forThread().isEmpty()) {
      return failure(Kind.TAPE, where + ": the tape is not empty afterwards");
    }
    if (!Points.deepEquals(call, point)) {
      return failure(Kind.PURITY, where + ": the arguments changed to " + Points.format(call));
    }
    double[] value = (double[]) result.get("value");
    if (!Arrays.equals(value, expected)) {
      return failure(Kind.VALUE, where + ": value() = " + Arrays.toString(value)
          + ", the user's method returns " + Arrays.toString(expected));
    }
    int rows = expected.length;
    List<Entry> entries = new ArrayList<>();
    for (int p = 0; p < info.parameterCount(); p++) {
      if (!info.differentiated().get(p)) {
        continue;
      }
      String name = Checker.component(info, p);
      Object j = result.get(name);
      if (j == null || Array.getLength(j) != rows) {
        return failure(Kind.SHAPE, where + ": the Jacobian " + name + " has "
            + (j == null ? "null" : Array.getLength(j) + " rows") + ", not " + rows);
      }
      for (int r = 0; r < rows; r++) {
        String problem = Values.shapeProblem(Array.get(j, r), point[p]);
        if (problem != null) {
          return failure(Kind.SHAPE, where + ": row " + r + " of the Jacobian " + name + " is "
              + problem);
        }
      }
      for (int[] path : Values.leaves(point[p])) {
        entries.add(new Entry(p, path, Values.describe(name, point[p], path)));
      }
    }
    for (Entry entry : entries) {
      Failure f = column(point, result, entry, expected, where);
      if (f != null) {
        return f;
      }
    }
    Failure f = tangent == null ? null
        : randomTangent(point, result, entries, rows, where, random);
    if (f != null) {
      return f;
    }
    for (int r = 0; r <= rows; r++) {
      double[] upstream = new double[rows];
      if (r < rows) {
        upstream[r] = 1;
      } else {
        for (int k = 0; k < rows; k++) {
          upstream[k] = random.nextDouble() * 2 - 1;
        }
      }
      f = row(point, result, entries, upstream, expected, where);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  private double[] user(Object[] point) throws Threw {
    return (double[]) invoker.invoke(user, Points.copy(point));
  }

  /** ∂value[r]/∂entry from the Jacobian record. */
  private double at(Map<String, Object> result, Entry entry, int r) {
    return Values.get(Array.get(result.get(Checker.component(info, entry.p())), r),
        entry.path());
  }

  private Failure column(Object[] point, Map<String, Object> result, Entry entry,
      double[] expected, String where) {
    double x = Values.get(point[entry.p()], entry.path());
    double scale = Math.max(1, Math.abs(x));
    double[] steps = {1e-4 * scale, 3e-5 * scale, 1e-5 * scale};
    double[][] fd = new double[3][];
    double[] forward;
    double[] backward;
    try {
      for (int s = 0; s < steps.length; s++) {
        double[] plus = user(Checker.moved(point, entry.p(), entry.path(), x + steps[s]));
        double[] minus = user(Checker.moved(point, entry.p(), entry.path(), x - steps[s]));
        double step = (x + steps[s]) - (x - steps[s]);
        fd[s] = new double[expected.length];
        for (int r = 0; r < expected.length; r++) {
          fd[s][r] = (plus[r] - minus[r]) / step;
        }
      }
      double h = 1e-6 * scale;
      double[] plus = user(Checker.moved(point, entry.p(), entry.path(), x + h));
      double[] minus = user(Checker.moved(point, entry.p(), entry.path(), x - h));
      forward = new double[expected.length];
      backward = new double[expected.length];
      for (int r = 0; r < expected.length; r++) {
        forward[r] = (plus[r] - expected[r]) / ((x + h) - x);
        backward[r] = (expected[r] - minus[r]) / (x - (x - h));
      }
    } catch (Threw e) {
      stats.nonSmooth++;
      return null;
    }
    // The tangent along the unit direction of this entry: the Jacobian's column.
    double[] along = null;
    try {
      along = tangent == null ? null : tangent(point, entry, null);
    } catch (Threw e) {
      return failure(Kind.GRADIENT_THREW, where + ": the tangent threw " + e.getCause());
    }
    if (tangent != null && along == null) {
      return failure(Kind.VALUE, where + ": the tangent's value differs from the user's");
    }
    for (int r = 0; r < expected.length; r++) {
      double g = at(result, entry, r);
      if (along != null && !close(along[r], g, 1e-9)) {
        return Failure.derivative(Kind.GRADIENT, info.name(), where + ": d value[" + r + "]/d"
            + entry.name() + " = " + g + " in the Jacobian, " + along[r] + " from the tangent",
            along[r], g);
      }
      double spread = Math.max(Math.abs(fd[0][r] - fd[2][r]),
          Math.max(Math.abs(fd[0][r] - fd[1][r]), Math.abs(fd[1][r] - fd[2][r])));
      if (!Double.isFinite(spread) || spread > 1e-3 * Math.max(1, Math.abs(fd[2][r]))
          || Checker.oscillates(new double[] {fd[0][r], fd[1][r], fd[2][r]}, spread,
              expected[r], steps[2])
          || !(Math.abs(forward[r] - backward[r]) <= 1e-3 * Math.max(1, Math.abs(fd[2][r])))) {
        stats.nonSmooth++; // a kink, a jump, noise within the steps, or an oscillation
        continue;
      }
      stats.coordinates++;
      double tolerance = 1e-6 * Math.max(1, Math.abs(g)) + 4 * spread
          + 1e-12 * Math.max(1, Math.abs(expected[r])) / steps[2];
      if (!(Math.abs(g - fd[2][r]) <= tolerance || Math.abs(g - fd[1][r]) <= tolerance)) {
        return Failure.derivative(Kind.GRADIENT, info.name(), where + ": d value[" + r + "]/d"
            + entry.name() + " = " + g + ", finite differences " + fd[0][r] + ", " + fd[1][r]
            + ", " + fd[2][r], g, fd[2][r]);
      }
    }
    return null;
  }

  /**
   * {@code fTangent} along the unit direction of {@code unit}, or along {@code directions} when
   * it is null; null when its value is not the user's bit for bit.
   */
  private double[] tangent(Object[] point, Entry unit, Object[] directions) throws Threw {
    List<Object> arguments = new ArrayList<>(Arrays.asList(Points.copy(point)));
    for (int p = 0; p < info.parameterCount(); p++) {
      if (!info.differentiated().get(p)) {
        continue;
      }
      Object direction = directions != null ? directions[p] : Values.fill(point[p], () -> 0.0);
      if (unit != null && unit.p() == p) {
        direction = Values.with(direction, unit.path(), 1.0);
      }
      arguments.add(direction);
    }
    Map<String, Object> result = Checker.components((Record) invoker.invoke(tangent,
        arguments.toArray()));
    if (!Tape.forThread().isEmpty()) {
      throw new Threw(new IllegalStateException("the tangent left the tape dirty"));
    }
    if (!Arrays.equals((double[]) result.get("value"), user(point))) {
      return null;
    }
    return (double[]) result.get("tangent");
  }

  private Failure randomTangent(Object[] point, Map<String, Object> result, List<Entry> entries,
      int rows, String where, Random random) {
    Object[] directions = new Object[info.parameterCount()];
    for (int p = 0; p < directions.length; p++) {
      if (info.differentiated().get(p)) {
        directions[p] = Values.fill(point[p], () -> random.nextDouble() * 2 - 1);
      }
    }
    double[] along;
    try {
      along = tangent(point, null, directions);
    } catch (Threw e) {
      return failure(Kind.GRADIENT_THREW, where + ": the tangent threw " + e.getCause());
    }
    if (along == null || along.length != rows) {
      return failure(Kind.VALUE, where + ": the tangent's value differs from the user's, or its"
          + " tangent has the wrong length");
    }
    for (int r = 0; r < rows; r++) {
      double expected = 0;
      double scale = 0;
      for (Entry entry : entries) {
        double term = at(result, entry, r) * Values.get(directions[entry.p()], entry.path());
        expected += term;
        scale += Math.abs(term);
      }
      if (!(Math.abs(along[r] - expected) <= 1e-9 * Math.max(1, scale))) {
        return Failure.derivative(Kind.GRADIENT, info.name(), where + ": the tangent along a"
            + " random direction has [" + r + "] = " + along[r] + ", the Jacobian times the"
            + " direction " + expected, along[r], expected);
      }
    }
    return null;
  }

  /** {@code fPullback} of {@code upstream} into sinks holding 1: upstream × the Jacobian. */
  private Failure row(Object[] point, Map<String, Object> result, List<Entry> entries,
      double[] upstream, double[] expected, String where) {
    List<Object> arguments = new ArrayList<>(Arrays.asList(Points.copy(point)));
    arguments.add(upstream.clone());
    Object[] sinks = new Object[info.parameterCount()];
    for (int p = 0; p < info.parameterCount(); p++) {
      if (info.differentiated().get(p) && !(point[p] instanceof Double)) {
        sinks[p] = Values.fill(point[p], () -> 1.0);
        arguments.add(sinks[p]);
      }
    }
    Object returned;
    try {
      returned = invoker.invoke(pullback, arguments.toArray());
    } catch (Threw e) {
      return failure(Kind.GRADIENT_THREW, where + ": the pullback threw " + e.getCause());
    }
    if (!Tape.forThread().isEmpty()) {
      return failure(Kind.TAPE, where + ": the pullback left the tape dirty");
    }
    Map<String, Object> record = returned instanceof Record r ? Checker.components(r) : Map.of();
    Object value = returned instanceof Record ? record.get("value") : returned;
    if (!(value instanceof double[] v) || !Arrays.equals(v, expected)) {
      return failure(Kind.PULLBACK, where + ": the pullback's value " + Values.format(value)
          + ", the user's method returns " + Arrays.toString(expected));
    }
    for (Entry entry : entries) {
      double wanted = 0;
      double scale = 0;
      for (int r = 0; r < upstream.length; r++) {
        wanted += upstream[r] * at(result, entry, r);
        scale += Math.abs(upstream[r] * at(result, entry, r));
      }
      String name = Checker.component(info, entry.p());
      double pulled;
      if (Values.inArray(point[entry.p()], entry.path())) {
        pulled = Values.get(sinks[entry.p()], entry.path()) - 1.0;
      } else if (record.get(name) != null) {
        pulled = Values.get(record.get(name), entry.path());
      } else {
        return failure(Kind.PULLBACK, where + ": the pullback returns no " + name
            + " component");
      }
      if (!(Math.abs(pulled - wanted) <= 1e-9 * Math.max(1, scale))) {
        return Failure.derivative(Kind.PULLBACK, info.name(), where + ": the pullback of "
            + Arrays.toString(upstream) + " gives " + entry.name() + " = " + pulled
            + ", upstream × Jacobian = " + wanted, pulled, wanted);
      }
    }
    return null;
  }

  private Failure failure(Kind kind, String detail) {
    return new Failure(kind, info.name(), detail);
  }

  private static boolean close(double a, double b, double relative) {
    return Double.doubleToLongBits(a) == Double.doubleToLongBits(b)
        || Math.abs(a - b) <= relative * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }
}
