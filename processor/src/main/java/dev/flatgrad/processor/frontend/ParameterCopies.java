package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * A method that updates its own array parameter in place ({@code x[i] /= norm}): flatgrad never
 * writes to its arguments, so the body works on a private copy made on entry, {@code double[]
 * x_copy = new double[x.length]} filled from {@code x}. Every use of {@code x} reads the copy; the
 * copy's elements pass their adjoints back to {@code x}'s.
 */
final class ParameterCopies {

  private ParameterCopies() {}

  /**
   * The names {@code body} assigns or writes elements of, and, for each local that refers to
   * another array ({@code double[] a = x;}, {@code double[] row = m[i];}) and is written, the
   * array it refers to, transitively.
   */
  static Set<String> written(BlockTree body) {
    return written(body, Set.of(), Map.of());
  }

  /**
   * As {@link #written(BlockTree)}, counting also {@code alsoWritten} (arrays that calls write);
   * {@code dimensions} gives the array parameters' dimensions, so that a {@code var} holding one
   * of their elements ({@code var v = x[i];}) is known to be a number, not a view.
   */
  static Set<String> written(BlockTree body, Set<String> alsoWritten,
      Map<String, Integer> dimensions) {
    Set<String> written = new HashSet<>(ArrayViews.assignedNames(body.getStatements()));
    written.addAll(alsoWritten);
    Map<String, String> refersTo = new HashMap<>();
    Map<String, Integer> known = new HashMap<>(dimensions);
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        ExpressionTree root = tree.getInitializer();
        int indices = 0;
        while (root instanceof ArrayAccessTree access) {
          root = access.getExpression();
          indices++;
        }
        int declared = dimensions(tree.getType());
        if (root instanceof IdentifierTree identifier) {
          String target = identifier.getName().toString();
          if (declared < 0 && known.containsKey(target)) {
            declared = known.get(target) - indices; // var: the element's type
          }
          if (declared != 0) { // an array, or not known to be a number
            refersTo.put(tree.getName().toString(), target);
          }
        }
        known.put(tree.getName().toString(), declared < 0 ? 1 : declared);
        return super.visitVariable(tree, unused);
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(body, null);
    for (String name : List.copyOf(written)) {
      for (String at = refersTo.get(name); at != null && written.add(at); at = refersTo.get(at)) {
        // each array a written local refers to is written too
      }
    }
    return written;
  }

  /** The dimensions of a declared type: 0 for a number, -1 for {@code var} (unknown). */
  private static int dimensions(Tree type) {
    if (type == null || type.toString().equals("var")) {
      return -1;
    }
    int dimensions = 0;
    for (Tree at = type; at instanceof ArrayTypeTree array; at = array.getType()) {
      dimensions++;
    }
    return dimensions;
  }

  /** The dimensions of an IR type: 0 for a number, 1 for an array, 2 for a matrix. */
  static int dimensions(Type type) {
    int dimensions = 0;
    for (Type at = type; at != null && at.isArray(); at = at.elementType()) {
      dimensions++;
    }
    return dimensions;
  }

  /** Whether a parameter of {@code type} written in place can be copied: a 1-D array. */
  static boolean copiable(Type type) {
    return type.isArray() && !type.elementType().isArray();
  }

  /**
   * Emits {@code copy = new T[parameter.length]} and the loop that fills it; returns the copy,
   * which stands for the parameter from then on.
   */
  static Variable copy(Variable parameter, Blocks blocks, Names names) {
    Variable copy = new Variable(names.fresh(parameter.name() + "_copy"), parameter.type(),
        Variable.Kind.LOCAL, null, parameter.optional());
    Expr length = new Expr.Length(new Expr.Ref(parameter));
    Stmt allocation = new Stmt.Assign(copy, new Expr.NewArray(parameter.type(),
        List.of(length)), !parameter.optional());
    Stmt fill = copyLoop(copy, List.of(), parameter, length, names);
    if (!parameter.optional()) {
      blocks.emit(allocation);
      blocks.emit(fill);
      return copy;
    }
    // An optional array left out has a copy left out too.
    Expr missing = new Expr.Null(parameter.type());
    blocks.emit(new Stmt.Assign(copy, missing, true));
    blocks.emit(new Stmt.If(new Expr.Binary(BinaryOperator.NOT_EQUAL, new Expr.Ref(parameter),
        missing, Type.BOOLEAN), List.of(allocation, fill), List.of()));
    return copy;
  }

  /**
   * {@code for (int i = 0; i < length; i++) copy[i] = source[prefix…][i];}: the elements of an
   * array, or of a row when {@code prefix} holds its index, copied into {@code copy}.
   */
  static Stmt.Loop copyLoop(Variable copy, List<Expr> prefix, Variable source, Expr length,
      Names names) {
    return copyLoop(copy, List.of(), source, prefix, length, names);
  }

  /**
   * The loop copying {@code count} elements of {@code source[from...]} into {@code
   * copy[to...]}.
   */
  static Stmt.Loop copyLoop(Variable copy, List<Expr> to, Variable source, List<Expr> from,
      Expr count, Names names) {
    Variable counter = new Variable(names.fresh("i"), Type.INT, Variable.Kind.LOCAL);
    Expr index = new Expr.Ref(counter);
    List<Expr> at = new java.util.ArrayList<>(from);
    at.add(index);
    List<Expr> into = new java.util.ArrayList<>(to);
    into.add(index);
    return Stmt.Loop.countingUp(counter, count,
        List.of(new Stmt.Store(new Expr.Element(copy, into), new Expr.Element(source, at))));
  }
}
