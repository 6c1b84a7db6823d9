package dev.flatgrad.processor.frontend;

import com.sun.source.tree.Tree;

/**
 * Thrown while translating a statement that uses something outside flatgrad's subset; caught at
 * the statement, reported at {@link #tree()}, and translation goes on with the next statement.
 */
final class Unsupported extends RuntimeException {

  private final transient Tree tree;

  Unsupported(Tree tree, String message) {
    super(message, null, false, false);
    this.tree = tree;
  }

  /**
   * A statement that cannot be translated because it uses a variable whose own statement already
   * failed: nothing more to report.
   */
  static Unsupported alreadyReported() {
    return new Unsupported(null, "already reported");
  }

  /** Where to report the problem; null if it was {@linkplain #alreadyReported() reported}. */
  Tree tree() {
    return tree;
  }
}
