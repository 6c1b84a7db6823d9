package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.RecordType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The values inside record parameters, as the body reads them: an accessor chain such as {@code
 * m.w1()} or {@code m.layer().b()} names one value, which the IR holds in a parameter of its own.
 * A record itself is not a value in a {@code @Differentiable} method.
 */
final class RecordAccessors {

  /** For each record parameter, its values by accessor path. */
  private final Map<String, Map<List<String>, Local>> leaves = new HashMap<>();
  /** For each record parameter, its record type. */
  private final Map<String, RecordType> shapes = new HashMap<>();
  /** The local a name refers to, for records held as values ({@link RecordValues}). */
  private final Function<String, Local> scope;

  RecordAccessors(Function<String, Local> scope) {
    this.scope = scope;
  }

  void declare(String record, RecordType shape, List<String> path, Local local) {
    leaves.computeIfAbsent(record, r -> new HashMap<>()).put(List.copyOf(path), local);
    shapes.put(record, shape);
  }

  /** The record type of the record parameter {@code record}. */
  RecordType shape(String record) {
    return shapes.get(record);
  }

  /** The class of the record parameter {@code record}. */
  ClassId type(String record) {
    return shapes.get(record).type();
  }

  boolean isRecord(String name) {
    return leaves.containsKey(name);
  }

  /**
   * The value {@code tree} reads if it is an accessor chain on a record parameter; null if it is
   * not one. A chain that stops at a nested record is reported.
   */
  Local leaf(ExpressionTree tree) {
    List<String> path = new ArrayList<>();
    String root = root(tree, path);
    if (root == null && Unsupported.core(tree) instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof IdentifierTree accessor) {
      root = "this"; // re() inside a method of a record held as a value
      path.add(accessor.getName().toString());
    }
    if (path.isEmpty() || root == null) {
      return null;
    }
    Local held = scope.apply(root);
    if (held != null) {
      if (held.record() == null) {
        return null;
      }
      Local local = held.record().leaves().get(path);
      if (local == null && held.record().leaves().keySet().stream()
          .anyMatch(p -> startsWith(p, path))) {
        throw notAValue(tree);
      }
      return local;
    }
    Map<List<String>, Local> values = leaves.get(root);
    if (values == null) {
      return null;
    }
    Local leaf = values.get(path);
    if (leaf == null && values.keySet().stream().anyMatch(p -> startsWith(p, path))) {
      throw notAValue(tree);
    }
    return leaf;
  }

  /**
   * The values inside the record {@code tree} names, a record parameter ({@code m}) or a record
   * inside one ({@code m.hidden()}), by their accessor paths from it; null if {@code tree} names
   * no record: how a record is passed on to another method.
   */
  Map<List<String>, Local> record(ExpressionTree tree) {
    List<String> path = new ArrayList<>();
    String root = root(tree, path);
    Map<List<String>, Local> values = root == null ? null : leaves.get(root);
    if (values == null) {
      return null;
    }
    Map<List<String>, Local> inside = new HashMap<>();
    values.forEach((leafPath, local) -> {
      if (startsWith(leafPath, path)) {
        inside.put(leafPath.subList(path.size(), leafPath.size()), local);
      }
    });
    return inside.isEmpty() ? null : inside;
  }

  /**
   * The name of the variable an accessor chain starts from, its accessors added to {@code
   * path}; null if {@code tree} is not a chain of accessor calls on a name.
   */
  private static String root(ExpressionTree tree, List<String> path) {
    ExpressionTree part = tree;
    while (part instanceof ParenthesizedTree parenthesized) {
      part = parenthesized.getExpression();
    }
    while (part instanceof MethodInvocationTree call && call.getArguments().isEmpty()
            && call.getMethodSelect() instanceof MemberSelectTree
        || part instanceof MemberSelectTree) {
      // m.w1(), or a field read, other.re, inside a method of a record held as a value
      MemberSelectTree select = part instanceof MemberSelectTree field
          ? field
          : (MemberSelectTree) ((MethodInvocationTree) part).getMethodSelect();
      path.add(0, select.getIdentifier().toString());
      part = select.getExpression();
      while (part instanceof ParenthesizedTree parenthesized) {
        part = parenthesized.getExpression();
      }
    }
    return part instanceof IdentifierTree root ? root.getName().toString() : null;
  }

  /** What to say when a record is used as a value. */
  static Unsupported notAValue(ExpressionTree tree) {
    return new Unsupported(tree, tree + " is a record, which is not a value in a"
        + " @Differentiable method; read its components through their accessors, as in "
        + tree + ".x()");
  }

  private static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() > prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }
}
