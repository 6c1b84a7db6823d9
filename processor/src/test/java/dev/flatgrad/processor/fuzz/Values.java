package dev.flatgrad.processor.fuzz;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Arguments and results made of doubles, arrays and records (parameter records, nested ones):
 * their doubles addressed by paths (a record component's index or an array index per step),
 * copied deeply, compared by content, filled and moved along directions. Records are immutable,
 * so changing a double inside one builds new records along its path.
 */
final class Values {

  private Values() {}

  // ---- random arguments

  /**
   * A random argument of {@code type}: as {@link Points} makes them for the primitive and array
   * types, an enum's constant, or a record whose components are random arguments in turn.
   */
  static Object random(Class<?> type, int n, int m, Random random) {
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants[random.nextInt(constants.length)];
    }
    if (type.isRecord()) {
      RecordComponent[] components = type.getRecordComponents();
      Object[] values = new Object[components.length];
      for (int c = 0; c < values.length; c++) {
        values[c] = random(components[c].getType(), n, m, random);
      }
      return construct(type, values);
    }
    String name = type == String.class ? "java.lang.String" : type.getCanonicalName();
    return Points.random(List.of(name), n, m, random)[0];
  }

  // ---- copies, equality, text

  static Object copy(Object value) {
    if (value instanceof Record record) {
      Object[] components = components(record);
      for (int c = 0; c < components.length; c++) {
        components[c] = copy(components[c]);
      }
      return construct(record.getClass(), components);
    }
    if (value != null && value.getClass().isArray()) {
      int length = Array.getLength(value);
      Object copy = Array.newInstance(value.getClass().getComponentType(), length);
      for (int i = 0; i < length; i++) {
        Array.set(copy, i, copy(Array.get(value, i)));
      }
      return copy;
    }
    return value;
  }

  static boolean deepEquals(Object a, Object b) {
    if (a instanceof Record ra && b instanceof Record rb) {
      if (ra.getClass() != rb.getClass()) {
        return false;
      }
      Object[] ca = components(ra);
      Object[] cb = components(rb);
      for (int c = 0; c < ca.length; c++) {
        if (!deepEquals(ca[c], cb[c])) {
          return false;
        }
      }
      return true;
    }
    if (a != null && b != null && a.getClass().isArray() && b.getClass().isArray()) {
      if (a.getClass() != b.getClass() || Array.getLength(a) != Array.getLength(b)) {
        return false;
      }
      for (int i = 0; i < Array.getLength(a); i++) {
        if (!deepEquals(Array.get(a, i), Array.get(b, i))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(a, b);
  }

  static String format(Object value) {
    if (value instanceof Record record) {
      RecordComponent[] components = record.getClass().getRecordComponents();
      List<String> parts = new ArrayList<>();
      for (int c = 0; c < components.length; c++) {
        parts.add(components[c].getName() + "=" + format(component(record, c)));
      }
      return record.getClass().getSimpleName() + "(" + String.join(", ", parts) + ")";
    }
    if (value != null && value.getClass().isArray()) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        parts.add(format(Array.get(value, i)));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    return String.valueOf(value);
  }

  // ---- doubles by path

  /** The paths to every double inside {@code value}, in order (a double itself: the empty path). */
  static List<int[]> leaves(Object value) {
    List<int[]> into = new ArrayList<>();
    leaves(value, new int[0], into);
    return into;
  }

  private static void leaves(Object value, int[] path, List<int[]> into) {
    if (value instanceof Double) {
      into.add(path);
    } else if (value instanceof double[] v) {
      for (int i = 0; i < v.length; i++) {
        into.add(append(path, i));
      }
    } else if (value instanceof double[][] || value instanceof double[][][]) {
      Object[] rows = (Object[]) value;
      for (int i = 0; i < rows.length; i++) {
        leaves(rows[i], append(path, i), into);
      }
    } else if (value instanceof Record record) {
      for (int c = 0; c < record.getClass().getRecordComponents().length; c++) {
        Class<?> type = record.getClass().getRecordComponents()[c].getType();
        if (type == double.class || type == double[].class || type == double[][].class
            || type.isRecord()) {
          leaves(component(record, c), append(path, c), into);
        }
      }
    }
  }

  static double get(Object value, int[] path) {
    Object at = value;
    for (int step : path) {
      at = at instanceof Record record ? component(record, step) : Array.get(at, step);
    }
    return (double) at;
  }

  /** Whether the double at {@code path} lies in an array (else in records only, or is value). */
  static boolean inArray(Object value, int[] path) {
    Object at = value;
    for (int step : path) {
      if (!(at instanceof Record record)) {
        return true;
      }
      at = component(record, step);
    }
    return false;
  }

  /** {@code value} with the double at {@code path} set to {@code x}; arrays changed in place. */
  static Object with(Object value, int[] path, double x) {
    return with(value, path, 0, x);
  }

  private static Object with(Object value, int[] path, int from, double x) {
    if (from == path.length) {
      return x;
    }
    if (value instanceof Record record) {
      Object[] components = components(record);
      components[path[from]] = with(components[path[from]], path, from + 1, x);
      return construct(record.getClass(), components);
    }
    if (value instanceof double[] v) {
      v[path[from]] = x;
      return v;
    }
    Object[] rows = (Object[]) value;
    rows[path[from]] = with(rows[path[from]], path, from + 1, x);
    return rows;
  }

  /** A value shaped like {@code like}, each double from {@code next}; other data kept. */
  static Object fill(Object like, DoubleSupplier next) {
    if (like instanceof Double) {
      return next.getAsDouble();
    }
    if (like instanceof double[] v) {
      double[] filled = new double[v.length];
      for (int i = 0; i < filled.length; i++) {
        filled[i] = next.getAsDouble();
      }
      return filled;
    }
    if (like instanceof double[][] w) {
      double[][] filled = new double[w.length][];
      for (int i = 0; i < w.length; i++) {
        filled[i] = (double[]) fill(w[i], next);
      }
      return filled;
    }
    if (like instanceof Record record) {
      Object[] components = components(record);
      for (int c = 0; c < components.length; c++) {
        components[c] = fill(components[c], next);
      }
      return construct(record.getClass(), components);
    }
    return copy(like);
  }

  /** Every double inside {@code value}, in {@link #leaves} order. */
  static double[] flatten(Object value) {
    List<int[]> paths = leaves(value);
    double[] flat = new double[paths.size()];
    for (int k = 0; k < flat.length; k++) {
      flat[k] = get(value, paths.get(k));
    }
    return flat;
  }

  /** {@code x + h d}, a fresh value shaped like {@code x}. */
  static Object plus(Object x, double h, Object d) {
    Object moved = copy(x);
    for (int[] path : leaves(x)) {
      moved = with(moved, path, get(x, path) + h * get(d, path));
    }
    return moved;
  }

  /**
   * Why {@code gradient} is not shaped like {@code argument} (or shares an array with it); null
   * when it is.
   */
  static String shapeProblem(Object gradient, Object argument) {
    if (argument instanceof Double) {
      return gradient instanceof Double ? null : "not a double";
    }
    if (gradient == null) {
      return "null";
    }
    if (argument instanceof Record record) {
      if (gradient.getClass() != record.getClass()) {
        return "a " + gradient.getClass().getSimpleName() + ", not a "
            + record.getClass().getSimpleName();
      }
      RecordComponent[] components = record.getClass().getRecordComponents();
      for (int c = 0; c < components.length; c++) {
        Class<?> type = components[c].getType();
        if (type == double.class || type == double[].class || type == double[][].class
            || type.isRecord()) {
          String problem = shapeProblem(component((Record) gradient, c), component(record, c));
          if (problem != null) {
            return components[c].getName() + "(): " + problem;
          }
        }
      }
      return null;
    }
    if (gradient == argument) {
      return "the argument array itself";
    }
    if (gradient.getClass() != argument.getClass()
        || Array.getLength(gradient) != Array.getLength(argument)) {
      return "the wrong shape";
    }
    if (argument instanceof double[][] w) {
      for (int i = 0; i < w.length; i++) {
        String problem = shapeProblem(((double[][]) gradient)[i], w[i]);
        if (problem != null) {
          return "row " + i + ": " + problem;
        }
      }
    }
    return null;
  }

  // ---- records by reflection

  static Object component(Record record, int c) {
    try {
      Method accessor = record.getClass().getRecordComponents()[c].getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static Object[] components(Record record) {
    Object[] components = new Object[record.getClass().getRecordComponents().length];
    for (int c = 0; c < components.length; c++) {
      components[c] = component(record, c);
    }
    return components;
  }

  static Object construct(Class<?> type, Object[] components) {
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

  private static int[] append(int[] path, int step) {
    int[] longer = Arrays.copyOf(path, path.length + 1);
    longer[path.length] = step;
    return longer;
  }

  /** {@code name[i][j]} or {@code name.x()[i]}: a path in words, for messages. */
  static String describe(String name, Object value, int[] path) {
    StringBuilder out = new StringBuilder(name);
    Object at = value;
    for (int step : path) {
      if (at instanceof Record record) {
        out.append('.').append(record.getClass().getRecordComponents()[step].getName())
            .append("()");
        at = component(record, step);
      } else {
        out.append('[').append(step).append(']');
        at = Array.get(at, step);
      }
    }
    return out.toString();
  }
}
