package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.Expr;
import java.util.ArrayList;
import java.util.List;

/** Java's string concatenation, kept as one flat list of parts in evaluation order. */
final class Strings {

  private Strings() {}

  /** {@code left + right}, one of them a string; nested concatenations on the left flatten. */
  static Expr concat(Expr left, Expr right) {
    List<Expr> parts = new ArrayList<>();
    if (left instanceof Expr.Concat concat) {
      parts.addAll(concat.parts());
    } else {
      parts.add(left);
    }
    // "a" + ("b" + x) keeps its parentheses' part whole: the same string either way.
    parts.add(right);
    return new Expr.Concat(parts);
  }
}
