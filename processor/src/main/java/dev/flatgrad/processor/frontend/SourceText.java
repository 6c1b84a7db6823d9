package dev.flatgrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import java.io.IOException;
import java.util.Optional;

/** The text of a tree as the user wrote it, such as a literal's {@code 1e-3}. */
final class SourceText {

  private final CompilationUnitTree unit;
  private final SourcePositions positions;
  private CharSequence content;

  SourceText(CompilationUnitTree unit, SourcePositions positions) {
    this.unit = unit;
    this.positions = positions;
  }

  Optional<String> of(Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    CharSequence source = content();
    if (source == null || start < 0 || end <= start || end > source.length()) {
      return Optional.empty();
    }
    return Optional.of(source.subSequence((int) start, (int) end).toString());
  }

  /** Where {@code tree} starts in its file, as a character offset. */
  long start(Tree tree) {
    return positions.getStartPosition(unit, tree);
  }

  /** Where {@code tree} ends in its file. */
  long end(Tree tree) {
    return positions.getEndPosition(unit, tree);
  }

  private CharSequence content() {
    if (content == null) {
      try {
        content = unit.getSourceFile().getCharContent(true);
      } catch (IOException | RuntimeException e) {
        return null; // fall back to javac's rendering of the tree
      }
    }
    return content;
  }
}
