package dev.flatgrad.processor.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Arguments for generated methods, by parameter type: doubles in [-2, 2], vectors of length n,
 * n-by-m matrices, ints in [0, 3], int[] entries in [0, n) (they may index vectors), booleans.
 * Also their copies, comparison, and a text form that {@link #parse} reads back.
 */
final class Points {

  private Points() {}

  static Object[] random(List<String> types, int n, int m, Random random) {
    Object[] point = new Object[types.size()];
    for (int p = 0; p < point.length; p++) {
      point[p] = switch (types.get(p)) {
        case "double" -> coordinate(random);
        case "int" -> random.nextInt(4);
        case "boolean" -> random.nextBoolean();
        // The other data types: mutants add such parameters.
        case "long" -> (long) random.nextInt(4);
        case "short" -> (short) random.nextInt(4);
        case "byte" -> (byte) random.nextInt(4);
        case "char" -> (char) ('a' + random.nextInt(3));
        case "float" -> (float) coordinate(random);
        case "java.lang.String" -> random.nextBoolean() ? "a" : "abc";
        case "double[]" -> vector(n, random);
        case "double[][]" -> {
          double[][] matrix = new double[n][];
          for (int i = 0; i < n; i++) {
            matrix[i] = vector(m, random);
          }
          yield matrix;
        }
        case "int[]" -> {
          int[] v = new int[n];
          for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(n);
          }
          yield v;
        }
        case "boolean[]" -> {
          boolean[] v = new boolean[n];
          for (int i = 0; i < n; i++) {
            v[i] = random.nextBoolean();
          }
          yield v;
        }
        case "int[][]" -> {
          int[][] matrix = new int[n][m];
          for (int[] row : matrix) {
            for (int j = 0; j < m; j++) {
              row[j] = random.nextInt(n);
            }
          }
          yield matrix;
        }
        case "boolean[][]" -> {
          boolean[][] matrix = new boolean[n][m];
          for (boolean[] row : matrix) {
            for (int j = 0; j < m; j++) {
              row[j] = random.nextBoolean();
            }
          }
          yield matrix;
        }
        default -> throw new IllegalArgumentException("no points for type " + types.get(p));
      };
    }
    return point;
  }

  /**
   * A coordinate in [-2, 2]. Not rounded: a coarse grid puts points exactly on kinks (0 for relu
   * and abs, ties for min and max) once in a few thousand, where no finite difference can tell
   * the documented one-sided convention from a bug. It prints exactly all the same.
   */
  private static double coordinate(Random random) {
    return random.nextDouble() * 4 - 2;
  }

  private static double[] vector(int length, Random random) {
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = coordinate(random);
    }
    return v;
  }

  static Object[] copy(Object[] point) {
    Object[] copy = new Object[point.length];
    for (int k = 0; k < point.length; k++) {
      Object a = point[k];
      if (a instanceof double[] v) {
        copy[k] = v.clone();
      } else if (a instanceof double[][] mat) {
        copy[k] = Arrays.stream(mat).map(double[]::clone).toArray(double[][]::new);
      } else if (a instanceof int[] v) {
        copy[k] = v.clone();
      } else if (a instanceof boolean[] v) {
        copy[k] = v.clone();
      } else if (a instanceof int[][] mat) {
        copy[k] = Arrays.stream(mat).map(int[]::clone).toArray(int[][]::new);
      } else if (a instanceof boolean[][] mat) {
        copy[k] = Arrays.stream(mat).map(boolean[]::clone).toArray(boolean[][]::new);
      } else if (a instanceof Record) {
        copy[k] = Values.copy(a);
      } else {
        copy[k] = a;
      }
    }
    return copy;
  }

  static boolean deepEquals(Object[] a, Object[] b) {
    return Values.deepEquals(a, b);
  }

  static void set(Object[] point, int p, int i, int j, double value) {
    if (i < 0) {
      point[p] = value;
    } else if (j < 0) {
      ((double[]) point[p])[i] = value;
    } else {
      ((double[][]) point[p])[i][j] = value;
    }
  }

  /** {@code 1.5 | [0.5, -1.0] | [[1.0], [2.0]] | 2 | true}: what {@link #parse} reads. */
  static String format(Object[] point) {
    List<String> parts = new ArrayList<>();
    for (Object a : point) {
      if (a instanceof double[] v) {
        parts.add(Arrays.toString(v));
      } else if (a instanceof double[][] mat) {
        parts.add(Arrays.deepToString(mat));
      } else if (a instanceof int[] v) {
        parts.add(Arrays.toString(v));
      } else if (a instanceof boolean[] v) {
        parts.add(Arrays.toString(v));
      } else if (a instanceof int[][] || a instanceof boolean[][]) {
        parts.add(Arrays.deepToString((Object[]) a));
      } else if (a instanceof Record) {
        parts.add(Values.format(a));
      } else {
        parts.add(String.valueOf(a));
      }
    }
    return String.join(" | ", parts);
  }

  /** Reads {@link #format}'s output back, given the parameter types. */
  static Object[] parse(String text, List<String> types) {
    String[] parts = text.split("\\|");
    if (parts.length != types.size()) {
      throw new IllegalArgumentException("point " + text + " does not fit " + types);
    }
    Object[] point = new Object[parts.length];
    for (int p = 0; p < parts.length; p++) {
      String part = parts[p].trim();
      point[p] = switch (types.get(p)) {
        case "double" -> Double.parseDouble(part);
        case "int" -> Integer.parseInt(part);
        case "boolean" -> Boolean.parseBoolean(part);
        case "long" -> Long.parseLong(part);
        case "short" -> Short.parseShort(part);
        case "byte" -> Byte.parseByte(part);
        case "char" -> part.charAt(0);
        case "float" -> Float.parseFloat(part);
        case "java.lang.String" -> part;
        case "double[]" -> Arrays.stream(items(part)).mapToDouble(Double::parseDouble).toArray();
        case "int[]" -> Arrays.stream(items(part)).mapToInt(Integer::parseInt).toArray();
        case "boolean[]" -> {
          String[] items = items(part);
          boolean[] v = new boolean[items.length];
          for (int i = 0; i < items.length; i++) {
            v[i] = Boolean.parseBoolean(items[i]);
          }
          yield v;
        }
        case "double[][]" -> {
          String inner = part.substring(1, part.length() - 1).trim();
          List<double[]> rows = new ArrayList<>();
          int depth = 0;
          int start = -1;
          for (int c = 0; c < inner.length(); c++) {
            char ch = inner.charAt(c);
            if (ch == '[') {
              if (depth++ == 0) {
                start = c;
              }
            } else if (ch == ']' && --depth == 0) {
              rows.add(Arrays.stream(items(inner.substring(start, c + 1)))
                  .mapToDouble(Double::parseDouble).toArray());
            }
          }
          yield rows.toArray(double[][]::new);
        }
        default -> throw new IllegalArgumentException(types.get(p));
      };
    }
    return point;
  }

  private static String[] items(String bracketed) {
    String inner = bracketed.trim();
    inner = inner.substring(1, inner.length() - 1).trim();
    return inner.isEmpty() ? new String[0] : inner.split("\\s*,\\s*");
  }
}
