package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an array initializer such as {@code {x, y, 2 * z}}, {@code new double[] {x, y}} or
 * {@code {{a, b}, {c, d}}} as a shape and its elements in source order. The caller allocates the
 * array with that shape and stores each element, so the IR sees nothing but a {@code new} and
 * ordinary element stores, which every AD stage already handles.
 */
final class ArrayInitializers {

  /** One element of the initializer: where it goes and the expression that computes it. */
  record Element(List<Integer> indices, ExpressionTree value) {}

  /**
   * An initializer's array: its type, its length in each dimension, its elements in order; for a
   * ragged matrix ({@code {{a}, {b, c}}}), {@code dimensions} holds the number of rows only and
   * {@code rowLengths} each row's length (null otherwise).
   */
  record Layout(Type type, List<Integer> dimensions, List<Element> elements,
      List<Integer> rowLengths) {}

  private ArrayInitializers() {}

  /** Whether {@code tree} is an initializer ({@code {…}} or {@code new T[] {…}}), not a sized new. */
  static boolean isInitializer(ExpressionTree tree) {
    return tree instanceof NewArrayTree creation && creation.getInitializers() != null;
  }

  /**
   * The layout of {@code creation}, a local's initializer; {@code declared} is the local's type
   * (null for {@code var}, which Java allows only with {@code new T[] {…}}).
   */
  static Layout read(NewArrayTree creation, Type declared, String userName) {
    Type type = declared != null ? declared : writtenType(creation);
    if (type == null) {
      throw new Unsupported(creation, "cannot infer the type of " + userName);
    }
    if (declared != null && creation.getType() != null && writtenType(creation) != declared) {
      throw new Unsupported(creation, "incompatible types: " + writtenType(creation).javaName()
          + " cannot be converted to " + declared.javaName());
    }
    List<Integer> dimensions = new ArrayList<>();
    List<Element> elements = new ArrayList<>();
    List<Integer> rowLengths = raggedRowLengths(creation, type);
    if (rowLengths != null) {
      // Each row read on its own, as a one-row array, then moved to its row.
      dimensions.add(rowLengths.size());
      List<? extends ExpressionTree> rows = creation.getInitializers();
      for (int i = 0; i < rows.size(); i++) {
        List<Element> row = new ArrayList<>();
        collect((NewArrayTree) rows.get(i), type.elementType(), new ArrayList<>(List.of(i)), 0,
            new ArrayList<>(), row, userName);
        elements.addAll(row);
      }
      return new Layout(type, dimensions, elements, rowLengths);
    }
    collect(creation, type, new ArrayList<>(), 0, dimensions, elements, userName);
    return new Layout(type, dimensions, elements, null);
  }

  /**
   * The row lengths of a matrix initializer whose rows, all initializers themselves, differ in
   * length ({@code {{a}, {b, c}}}); null for any other initializer.
   */
  private static List<Integer> raggedRowLengths(NewArrayTree creation, Type type) {
    if (type.rank() != 2) {
      return null;
    }
    List<Integer> lengths = new ArrayList<>();
    for (ExpressionTree row : creation.getInitializers()) {
      if (!(row instanceof NewArrayTree initializer) || initializer.getInitializers() == null
          || !initializer.getDimensions().isEmpty()) {
        return null; // reported by collect
      }
      lengths.add(initializer.getInitializers().size());
    }
    return lengths.stream().distinct().count() > 1 ? lengths : null;
  }

  /** The type {@code new T[] {…}} names, or null for a bare {@code {…}}. */
  private static Type writtenType(NewArrayTree creation) {
    Tree element = creation.getType();
    if (element == null) {
      return null;
    }
    int dimensions = 1;
    while (element instanceof ArrayTypeTree array) {
      dimensions++;
      element = array.getType();
    }
    return LocalTypes.arrayType(element, dimensions, creation);
  }

  private static void collect(NewArrayTree level, Type type, List<Integer> prefix, int depth,
      List<Integer> dimensions, List<Element> elements, String userName) {
    if (!level.getDimensions().isEmpty()) {
      throw new Unsupported(level, "give the rows of " + userName + " as initializers such as"
          + " {a, b}, or size the whole array with new double[n][m]");
    }
    List<? extends ExpressionTree> initializers = level.getInitializers();
    if (dimensions.size() == depth) {
      dimensions.add(initializers.size());
    } else if (dimensions.get(depth) != initializers.size()) {
      throw new Unsupported(level, "the rows of " + userName + " have different lengths ("
          + dimensions.get(depth) + " and " + initializers.size() + "); flatgrad supports"
          + " rectangular arrays only");
    }
    Type elementType = type.elementType();
    for (int i = 0; i < initializers.size(); i++) {
      ExpressionTree initializer = initializers.get(i);
      List<Integer> indices = new ArrayList<>(prefix);
      indices.add(i);
      if (elementType.isArray()) {
        if (!(initializer instanceof NewArrayTree row) || row.getInitializers() == null) {
          throw new Unsupported(initializer, "write each row of " + userName + " as an"
              + " initializer such as {a, b}; rows taken from other arrays are not supported");
        }
        collect(row, elementType, indices, depth + 1, dimensions, elements, userName);
      } else {
        elements.add(new Element(List.copyOf(indices), initializer));
      }
    }
    if (initializers.isEmpty() && elementType.isArray()) {
      // {} for a matrix: no rows, so the row length is 0 as well.
      dimensions.add(0);
    }
  }
}
