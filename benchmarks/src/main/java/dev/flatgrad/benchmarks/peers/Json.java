package dev.flatgrad.benchmarks.peers;

import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the peers' input file: objects, lists, strings without escapes, ints,
 * finite doubles and their arrays. A double is written with {@link Double#toString}, the shortest
 * decimal that reads back as the same double, so Python's {@code json} gets every bit.
 */
final class Json {

  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(separator);
        string((String) entry.getKey(), out);
        out.append(": ");
        write(entry.getValue(), out);
        separator = ", ";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof String string) {
      string(string, out);
    } else if (value instanceof Integer || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Double number) {
      number(number, out);
    } else if (value instanceof double[] vector) {
      out.append('[');
      for (int i = 0; i < vector.length; i++) {
        out.append(i == 0 ? "" : ", ");
        number(vector[i], out);
      }
      out.append(']');
    } else if (value instanceof int[] vector) {
      out.append('[');
      for (int i = 0; i < vector.length; i++) {
        out.append(i == 0 ? "" : ", ").append(vector[i]);
      }
      out.append(']');
    } else if (value instanceof double[][] matrix) {
      out.append('[');
      for (int i = 0; i < matrix.length; i++) {
        out.append(i == 0 ? "" : ",\n ");
        write(matrix[i], out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("no JSON form for " + value);
    }
  }

  private static void number(double x, StringBuilder out) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("JSON has no " + x);
    }
    out.append(x);
  }

  private static void string(String s, StringBuilder out) {
    if (!s.matches("[A-Za-z0-9_ .=,-]*")) {
      throw new IllegalArgumentException("not a plain string: " + s);
    }
    out.append('"').append(s).append('"');
  }
}
