package dev.flatgrad.processor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.Tape;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks methods whose parameters may be records of doubles and arrays: every double inside a
 * differentiated argument, however deep, is perturbed for a central finite difference of the
 * user's method and compared with the same entry of the gradient record. Also checks the value
 * (bit-identical), untouched arguments, {@code fTangent} along a direction, {@code fAccumulate}
 * adding into a sink record, and {@code fHessianVector} against finite differences of the
 * gradient.
 */
final class RecordGradientCheck {

  private static final double TOLERANCE = 1e-6;

  private final GeneratedCode code;
  private final String className;

  private RecordGradientCheck(GeneratedCode code, String className) {
    this.code = code;
    this.className = className;
  }

  static RecordGradientCheck ofMembers(String simpleName, String members) {
    String source = """
        package p;

        import dev.flatgrad.Activations;
        import dev.flatgrad.Differentiable;

        class %s {
        %s
        }
        """.formatted(simpleName, members);
    return new RecordGradientCheck(GeneratedCode.compile("p." + simpleName, source),
        "p." + simpleName);
  }

  GeneratedCode code() {
    return code;
  }

  /** A path to one double: record component indices and array indices, in turn. */
  private record Entry(int parameter, List<Integer> steps, String name) {}

  void check(String method, Object... arguments) {
    List<String> failures = new ArrayList<>();
    Object[] call = copy(arguments);
    Map<String, Object> result =
        GeneratedCode.components(code.invokeGradientWith(className, method, call));
    if (!deepEquals(call, arguments)) {
      failures.add(method + " changed its arguments");
    }
    if (!Tape.forThread().isEmpty()) {
      failures.add(method + " left values on the tape");
    }
    double value = (double) result.get("value");
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(user(method, arguments))) {
      failures.add("value " + value + ", user's method returns " + user(method, arguments));
    }
    String[] names = Arrays.stream(code.userMethod(className, method).getParameters())
        .map(java.lang.reflect.Parameter::getName).toArray(String[]::new);
    List<Entry> entries = new ArrayList<>();
    for (int p = 0; p < arguments.length; p++) {
      if (result.containsKey(names[p])) {
        collect(arguments[p], p, new ArrayList<>(), names[p], entries);
      }
    }
    for (Entry entry : entries) {
      double g = get(result.get(names[entry.parameter()]), entry.steps());
      compare(failures, "d/d" + entry.name(), g, finiteDifference(method, arguments, entry));
    }
    checkTangent(method, arguments, names, result, entries, failures);
    checkAccumulate(method, arguments, names, result, entries, failures);
    checkHessianVector(method, arguments, names, entries, failures);
    if (!failures.isEmpty()) {
      fail("at " + Arrays.deepToString(arguments) + ":\n" + String.join("\n", failures));
    }
  }

  /** Whether the gradient class has the tangent method of {@code method}. */
  boolean hasTangent(String method) {
    return Arrays.stream(code.load(className + "Grad").getMethods())
        .anyMatch(m -> m.getName().equals(method + "Tangent"));
  }

  /**
   * For a method returning {@code double[]}: the value element by element, and each column of
   * the Jacobian (a record parameter's is one record per output) against central differences
   * of the user's method; then {@code fTangent}, where there is one, along a direction against
   * the Jacobian times it, and {@code fPullback} of an upstream vector, adding into sinks that
   * hold 0.5, against the upstream vector times the Jacobian.
   */
  void checkJacobian(String method, Object... arguments) {
    List<String> failures = new ArrayList<>();
    Object[] call = copy(arguments);
    Map<String, Object> result =
        GeneratedCode.components(code.invokeGradientWith(className, method, call));
    if (!deepEquals(call, arguments)) {
      failures.add(method + " changed its arguments");
    }
    double[] value = (double[]) result.get("value");
    double[] expected = vector(method, arguments);
    if (!Arrays.equals(value, expected)) {
      failures.add("value " + Arrays.toString(value) + ", user's method returns "
          + Arrays.toString(expected));
    }
    String[] names = Arrays.stream(code.userMethod(className, method).getParameters())
        .map(java.lang.reflect.Parameter::getName).toArray(String[]::new);
    List<Entry> entries = new ArrayList<>();
    for (int p = 0; p < arguments.length; p++) {
      if (result.containsKey(names[p])) {
        collect(arguments[p], p, new ArrayList<>(), names[p], entries);
      }
    }
    int m = value.length;
    double[][] columns = new double[entries.size()][];
    for (int k = 0; k < entries.size(); k++) {
      Entry entry = entries.get(k);
      Object jacobian = result.get(names[entry.parameter()]);
      columns[k] = new double[m];
      double x = get(arguments[entry.parameter()], entry.steps());
      double h = 1e-6 * Math.max(1, Math.abs(x));
      Object[] plus = copy(arguments);
      Object[] minus = copy(arguments);
      plus[entry.parameter()] = with(plus[entry.parameter()], entry.steps(), x + h);
      minus[entry.parameter()] = with(minus[entry.parameter()], entry.steps(), x - h);
      double[] up = vector(method, plus);
      double[] down = vector(method, minus);
      for (int i = 0; i < m; i++) {
        columns[k][i] = get(java.lang.reflect.Array.get(jacobian, i), entry.steps());
        compare(failures, "d" + method + "[" + i + "]/d" + entry.name(), columns[k][i],
            (up[i] - down[i]) / (2 * h));
      }
    }
    if (hasTangent(method)) {
      List<Object> tangentCall = new ArrayList<>(List.of(copy(arguments)));
      tangentCall.addAll(List.of(directions(arguments, names, result, entries)));
      double[] tangent = (double[]) GeneratedCode.components(
          code.invokeTangentWith(className, method, tangentCall.toArray())).get("tangent");
      for (int i = 0; i < m; i++) {
        double along = 0;
        for (int k = 0; k < entries.size(); k++) {
          along += columns[k][i] * direction(k);
        }
        compare(failures, method + "Tangent[" + i + "]", tangent[i], along);
      }
    }
    checkVectorPullback(method, arguments, names, result, entries, columns, m, failures);
    if (!Tape.forThread().isEmpty()) {
      failures.add(method + " left values on the tape");
    }
    if (!failures.isEmpty()) {
      fail("at " + Arrays.deepToString(arguments) + ":\n" + String.join("\n", failures));
    }
  }

  private void checkVectorPullback(String method, Object[] arguments, String[] names,
      Map<String, Object> result, List<Entry> entries, double[][] columns, int m,
      List<String> failures) {
    double[] upstream = new double[m];
    for (int i = 0; i < m; i++) {
      upstream[i] = Math.cos(0.9 * i + 0.3);
    }
    List<Object> call = new ArrayList<>(List.of(copy(arguments)));
    call.add(upstream);
    List<Integer> sinkOf = new ArrayList<>();
    for (int p = 0; p < arguments.length; p++) {
      if (result.containsKey(names[p]) && !(arguments[p] instanceof Double)) {
        sinkOf.add(p);
        call.add(fill(arguments[p], k -> 0.5));
      }
    }
    Object returned = invoke(method + "Pullback", call.toArray());
    for (int k = 0; k < entries.size(); k++) {
      Entry entry = entries.get(k);
      double expected = 0;
      for (int i = 0; i < m; i++) {
        expected += upstream[i] * columns[k][i];
      }
      boolean inArray = isInArray(arguments[entry.parameter()], entry.steps());
      double actual = inArray
          ? get(call.get(arguments.length + 1 + sinkOf.indexOf(entry.parameter())),
              entry.steps()) - 0.5
          : get(GeneratedCode.components((Record) returned).get(names[entry.parameter()]),
              entry.steps());
      compare(failures, method + "Pullback " + entry.name(), actual, expected);
    }
  }

  private double[] vector(String method, Object[] arguments) {
    return (double[]) code.invokeUserWith(className, method, copy(arguments));
  }

  private void checkTangent(String method, Object[] arguments, String[] names,
      Map<String, Object> result, List<Entry> entries, List<String> failures) {
    Object[] directions = directions(arguments, names, result, entries);
    double expected = 0;
    for (int k = 0; k < entries.size(); k++) {
      Entry entry = entries.get(k);
      expected += get(result.get(names[entry.parameter()]), entry.steps()) * direction(k);
    }
    List<Object> call = new ArrayList<>(List.of(copy(arguments)));
    call.addAll(List.of(directions));
    double tangent = (double) GeneratedCode.components(
        code.invokeTangentWith(className, method, call.toArray())).get("tangent");
    compare(failures, method + "Tangent", tangent, expected);
  }

  /** fAccumulate into sinks that already hold 0.5: the sinks' arrays gain the gradient. */
  private void checkAccumulate(String method, Object[] arguments, String[] names,
      Map<String, Object> result, List<Entry> entries, List<String> failures) {
    List<Object> call = new ArrayList<>(List.of(copy(arguments)));
    List<Integer> sinkOf = new ArrayList<>();
    for (int p = 0; p < arguments.length; p++) {
      if (result.containsKey(names[p]) && !(arguments[p] instanceof Double)) {
        sinkOf.add(p);
        call.add(fill(arguments[p], k -> 0.5));
      }
    }
    Object returned = invoke(method + "Accumulate", call.toArray());
    for (Entry entry : entries) {
      if (entry.steps().isEmpty()) {
        continue; // a double parameter: in the returned record
      }
      double g = get(result.get(names[entry.parameter()]), entry.steps());
      Object sink = call.get(arguments.length + sinkOf.indexOf(entry.parameter()));
      boolean inArray = isInArray(arguments[entry.parameter()], entry.steps());
      double expected = inArray ? g + 0.5 : g;
      double actual = inArray ? get(sink, entry.steps())
          : get(GeneratedCode.components((Record) returned).get(names[entry.parameter()]),
              entry.steps());
      compare(failures, method + "Accumulate " + entry.name(), actual, expected);
    }
  }

  private void checkHessianVector(String method, Object[] arguments, String[] names,
      List<Entry> entries, List<String> failures) {
    Object[] point = copy(arguments);
    Map<String, Object> result = GeneratedCode.components(code.invokeGradientWith(className,
        method, copy(arguments)));
    Object[] directions = directions(arguments, names, result, entries);
    List<Object> call = new ArrayList<>(List.of(point));
    call.addAll(List.of(directions));
    Map<String, Object> product = GeneratedCode.components(
        (Record) invoke(method + "HessianVector", call.toArray()));
    double h = 1e-5;
    Object[] plus = copy(arguments);
    Object[] minus = copy(arguments);
    for (int k = 0; k < entries.size(); k++) {
      Entry entry = entries.get(k);
      double x = get(arguments[entry.parameter()], entry.steps());
      plus[entry.parameter()] = with(plus[entry.parameter()], entry.steps(), x + h * direction(k));
      minus[entry.parameter()] =
          with(minus[entry.parameter()], entry.steps(), x - h * direction(k));
    }
    Map<String, Object> gPlus = GeneratedCode.components(
        code.invokeGradientWith(className, method, plus));
    Map<String, Object> gMinus = GeneratedCode.components(
        code.invokeGradientWith(className, method, minus));
    for (Entry entry : entries) {
      String name = names[entry.parameter()];
      double fd = (get(gPlus.get(name), entry.steps()) - get(gMinus.get(name), entry.steps()))
          / (2 * h);
      compare(failures, method + "HessianVector dot_" + entry.name(),
          get(product.get("dot_" + name), entry.steps()), fd);
    }
  }

  private Object[] directions(Object[] arguments, String[] names, Map<String, Object> result,
      List<Entry> entries) {
    List<Object> directions = new ArrayList<>();
    int[] k = {0};
    for (int p = 0; p < arguments.length; p++) {
      if (result.containsKey(names[p])) {
        directions.add(fill(arguments[p], unused -> direction(k[0]++)));
      }
    }
    return directions.toArray();
  }

  private static double direction(int k) {
    return Math.sin(1.7 * k + 0.4) + 0.1;
  }

  private double user(String method, Object[] arguments) {
    return (double) code.invokeUserWith(className, method, copy(arguments));
  }

  private double finiteDifference(String method, Object[] arguments, Entry entry) {
    double x = get(arguments[entry.parameter()], entry.steps());
    double h = 1e-6 * Math.max(1, Math.abs(x));
    Object[] plus = copy(arguments);
    Object[] minus = copy(arguments);
    plus[entry.parameter()] = with(plus[entry.parameter()], entry.steps(), x + h);
    minus[entry.parameter()] = with(minus[entry.parameter()], entry.steps(), x - h);
    return (user(method, plus) - user(method, minus)) / (2 * h);
  }

  private Object invoke(String name, Object[] arguments) {
    for (Method method : code.load(className + "Grad").getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
        try {
          return method.invoke(null, arguments);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(name, e);
        }
      }
    }
    throw new AssertionError("no " + name + " taking " + arguments.length + " arguments");
  }

  // ---- values made of records, arrays and doubles

  /** Every double inside {@code value}, as a path. */
  private static void collect(Object value, int parameter, List<Integer> steps, String name,
      List<Entry> into) {
    if (value instanceof Double) {
      into.add(new Entry(parameter, List.copyOf(steps), name));
    } else if (NestedDoubles.isNested(value)) {
      // An array of any rank: one step, the entry's row-major index.
      for (int k = 0, n = NestedDoubles.count(value); k < n; k++) {
        into.add(new Entry(parameter, append(steps, k), name + NestedDoubles.index(value, k)));
      }
    } else if (value instanceof Record record) {
      RecordComponent[] components = record.getClass().getRecordComponents();
      for (int c = 0; c < components.length; c++) {
        collect(component(record, c), parameter, append(steps, c),
            name + "." + components[c].getName() + "()", into);
      }
    }
  }

  private static boolean isInArray(Object value, List<Integer> steps) {
    Object at = value;
    for (int step : steps) {
      if (at instanceof Record record) {
        at = component(record, step);
      } else {
        return true;
      }
    }
    return false;
  }

  private static double get(Object value, List<Integer> steps) {
    Object at = value;
    for (int step : steps) {
      if (at instanceof Record record) {
        at = component(record, step);
      } else {
        return NestedDoubles.flatten(at)[step];
      }
    }
    return (double) at;
  }

  /** A copy of {@code value} with the double at {@code steps} set to {@code x}. */
  private static Object with(Object value, List<Integer> steps, double x) {
    if (steps.isEmpty()) {
      return x;
    }
    Object copy = copy(value);
    if (copy instanceof Record record) {
      Object[] components = components(record);
      components[steps.get(0)] = with(components[steps.get(0)], steps.subList(1, steps.size()), x);
      return construct(record.getClass(), components);
    }
    NestedDoubles.set(copy, steps.get(0), x);
    return copy;
  }

  /** A value shaped like {@code value}, each double from {@code next}. */
  private static Object fill(Object value, java.util.function.IntToDoubleFunction next) {
    if (value instanceof Double) {
      return next.applyAsDouble(0);
    }
    if (NestedDoubles.isNested(value)) {
      return NestedDoubles.shapedLike(value, k -> next.applyAsDouble(0));
    }
    if (value instanceof Record record) {
      Object[] components = components(record);
      for (int c = 0; c < components.length; c++) {
        components[c] = fill(components[c], next);
      }
      return construct(record.getClass(), components);
    }
    return value; // int and boolean data
  }

  static Object[] copy(Object[] arguments) {
    Object[] copy = new Object[arguments.length];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = copy(arguments[i]);
    }
    return copy;
  }

  private static Object copy(Object value) {
    if (NestedDoubles.isNested(value)) {
      return NestedDoubles.copy(value);
    }
    if (value instanceof int[] v) {
      return v.clone();
    }
    if (value instanceof boolean[] v) {
      return v.clone();
    }
    if (value instanceof Record record) {
      Object[] components = components(record);
      for (int c = 0; c < components.length; c++) {
        components[c] = copy(components[c]);
      }
      return construct(record.getClass(), components);
    }
    return value;
  }

  private static boolean deepEquals(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      if (!deepEquals(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean deepEquals(Object a, Object b) {
    if (a instanceof Record ra && b instanceof Record rb) {
      Object[] ca = components(ra);
      Object[] cb = components(rb);
      for (int c = 0; c < ca.length; c++) {
        if (!deepEquals(ca[c], cb[c])) {
          return false;
        }
      }
      return true;
    }
    return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
  }

  private static Object component(Record record, int c) {
    try {
      Method accessor = record.getClass().getRecordComponents()[c].getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object[] components(Record record) {
    Object[] components = new Object[record.getClass().getRecordComponents().length];
    for (int c = 0; c < components.length; c++) {
      components[c] = component(record, c);
    }
    return components;
  }

  private static Object construct(Class<?> type, Object[] components) {
    try {
      Class<?>[] types = Arrays.stream(type.getRecordComponents())
          .map(RecordComponent::getType).toArray(Class<?>[]::new);
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(components);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Integer> append(List<Integer> steps, int step) {
    List<Integer> more = new ArrayList<>(steps);
    more.add(step);
    return more;
  }

  private static void compare(List<String> failures, String what, double actual,
      double expected) {
    if (!(Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)))) {
      failures.add(what + " = " + actual + ", expected " + expected);
    }
  }
}
