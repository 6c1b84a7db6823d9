package dev.flatgrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Type;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Nested loops over every entry of an array parameter, last index fastest (a matrix row by row),
 * for the writers that go entry by entry: the dense Hessian, and Jacobians by columns.
 */
final class Entries {

  private Entries() {}

  /** Fresh names for the indices of an array of {@code rank}: {@code j}; {@code r, c}; … */
  static List<String> indices(int rank, Names locals) {
    List<String> names = switch (rank) {
      case 1 -> List.of("j");
      case 2 -> List.of("r", "c");
      case 3 -> List.of("m", "r", "c");
      default -> throw new IllegalArgumentException("no entries of rank " + rank);
    };
    return names.stream().map(locals::fresh).toList();
  }

  /** Opens one {@code for} per index, each bounded by the length of what it indexes. */
  static void open(CodeBlock.Builder code, String array, List<String> indices) {
    String indexed = array;
    for (String index : indices) {
      code.beginControlFlow("for (int $N = 0; $N < $L.length; $N++)", index, index, indexed,
          index);
      indexed = indexed + "[" + index + "]";
    }
  }

  static void close(CodeBlock.Builder code, List<String> indices) {
    indices.forEach(index -> code.endControlFlow());
  }

  /** {@code a[m][r][c]}. */
  static String at(String array, List<String> indices) {
    return array + indices.stream().map(index -> "[" + index + "]").collect(Collectors.joining());
  }

  /** A fresh array of zeros shaped like the parameter {@code p} (null if it is missing). */
  static CodeBlock zerosLike(Parameter p) {
    return ExpressionWriter.write(new Expr.Zeros(p.variable()));
  }

  /** A fresh array of zeros shaped like the parameter {@code p}, known not to be null here. */
  static CodeBlock zerosLikePresent(Parameter p) {
    return p.type().rank() == 1
        ? CodeBlock.of("new $L[$N.length]", p.type().scalar().javaName(), p.name())
        : CodeBlock.of("$T.zerosLike($N)", TypeNames.GRADIENTS, p.name());
  }

  /** {@code if (w != null) {} around what follows, for an optional array; else nothing. */
  static void ifPresent(CodeBlock.Builder code, Parameter p) {
    if (p.variable().optional()) {
      code.beginControlFlow("if ($N != null)", p.name());
    }
  }

  /** Closes {@link #ifPresent}. */
  static void endIfPresent(CodeBlock.Builder code, Parameter p) {
    if (p.variable().optional()) {
      code.endControlFlow();
    }
  }

  /**
   * {@code for (double[][] matrix : t) for (double[] row : matrix)}: opens a loop per level
   * above the rows of an array of rank 2 or more, and returns the name of the row.
   */
  static String eachRow(CodeBlock.Builder code, Type type, String array, Names locals) {
    String current = array;
    for (Type level = type.elementType(); level.elementType().isArray();
        level = level.elementType()) {
      String matrix = locals.fresh("matrix");
      code.beginControlFlow("for ($L $N : $N)", level.javaName(), matrix, current);
      current = matrix;
    }
    String row = locals.fresh("row");
    code.beginControlFlow("for ($L $N : $N)", type.scalar().javaName() + "[]", row, current);
    return row;
  }
}
