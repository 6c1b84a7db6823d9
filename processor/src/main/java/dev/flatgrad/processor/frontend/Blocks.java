package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The statement lists being built, innermost on top: where the frontend emits IR statements. */
final class Blocks {

  private final Deque<List<Stmt>> open = new ArrayDeque<>();
  /**
   * The blocks holding the user's top-level statements: the method's own, and those that hold
   * what follows a top-level statement that may return, guarded by the returned flag.
   */
  private final Set<List<Stmt>> methodTopLevel = Collections.newSetFromMap(new IdentityHashMap<>());

  Blocks() {
    open.push(new ArrayList<>());
  }

  void emit(Stmt stmt) {
    open.peek().add(stmt);
  }

  /** The list statements go to now. */
  List<Stmt> current() {
    return open.peek();
  }

  /** The method's own statement list. */
  List<Stmt> outermost() {
    return open.peekLast();
  }

  /** Marks {@code block} as one that holds top-level statements of the user's method. */
  void markMethodTopLevel(List<Stmt> block) {
    methodTopLevel.add(block);
  }

  /** Whether {@code block} holds top-level statements of the user's method body. */
  boolean isMethodTopLevel(List<Stmt> block) {
    return block == outermost() || methodTopLevel.contains(block);
  }

  /** Whether statements emitted now are at the top level of the user's method body. */
  boolean atMethodTopLevel() {
    return isMethodTopLevel(current());
  }

  /** The innermost open list that {@code test} accepts; the outermost if none does. */
  List<Stmt> innermost(Predicate<List<Stmt>> test) {
    for (List<Stmt> block : open) {
      if (test.test(block)) {
        return block;
      }
    }
    return outermost();
  }

  /** The open lists, innermost first: everything in them precedes the current point. */
  Iterable<List<Stmt>> open() {
    return open;
  }

  /** Runs {@code body} with {@code block}, a list built before, on top: it emits there. */
  void into(List<Stmt> block, Runnable body) {
    open.push(block);
    try {
      body.run();
    } finally {
      open.pop();
    }
  }

  /** Runs {@code body} with a fresh list on top, and returns what it emitted. */
  List<Stmt> nested(Runnable body) {
    List<Stmt> block = new ArrayList<>();
    open.push(block);
    try {
      body.run();
    } finally {
      open.pop();
    }
    return block;
  }
}
