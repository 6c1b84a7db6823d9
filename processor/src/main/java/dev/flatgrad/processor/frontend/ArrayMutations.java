package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JDK calls that change an array in place, as library code calls them: {@code
 * Arrays.sort(a)}, {@code Arrays.fill(a, v)} and {@code System.arraycopy(src, i, dest, j, n)},
 * whole arrays, ranges and rows. Each becomes the element stores it makes, in loops, so the
 * reverse pass restores what they overwrite and derivatives follow each element. A parameter
 * they change is first copied ({@link #writtenNames}), as for any write.
 */
final class ArrayMutations {

  /** Which call, and the position of the array it changes among its arguments. */
  private enum Kind {
    SORT("java.util.Arrays", "sort", 0),
    FILL("java.util.Arrays", "fill", 0),
    ARRAYCOPY("java.lang.System", "arraycopy", 2);

    final String owner;
    final String method;
    final int written;

    Kind(String owner, String method, int written) {
      this.owner = owner;
      this.method = method;
      this.written = written;
    }
  }

  private static final MethodRef SORTING_ORDER =
      new MethodRef(new ClassId("dev.flatgrad", List.of("Permutations")), "sortingOrder");

  private final BodyTranslator body;
  private final ExpressionTranslator expressions;
  private final ThreeAddress threeAddress;
  private final Blocks blocks;
  private final Names names;
  private final Symbols symbols;
  private final RowAssignments rows;

  ArrayMutations(BodyTranslator body, ExpressionTranslator expressions,
      ThreeAddress threeAddress, Blocks blocks, Names names, Symbols symbols,
      RowAssignments rows) {
    this.body = body;
    this.expressions = expressions;
    this.threeAddress = threeAddress;
    this.blocks = blocks;
    this.names = names;
    this.symbols = symbols;
    this.rows = rows;
  }

  /** The kind of {@code call}, or null if it is none of these calls with a fitting arity. */
  private static Kind kind(MethodInvocationTree call, Symbols symbols) {
    if (!(call.getMethodSelect() instanceof MemberSelectTree select)) {
      return null;
    }
    int arguments = call.getArguments().size();
    for (Kind kind : Kind.values()) {
      boolean arity = switch (kind) {
        case SORT -> arguments == 1 || arguments == 3;
        case FILL -> arguments == 2 || arguments == 4;
        case ARRAYCOPY -> arguments == 5;
      };
      if (arity && select.getIdentifier().contentEquals(kind.method)
          && symbols.type(select.getExpression().toString())
              .map(type -> type.getQualifiedName().contentEquals(kind.owner))
              .orElse(false)) {
        return kind;
      }
    }
    return null;
  }

  /** The names of the arrays {@code block} changes through these calls ({@code a} of a[i] too). */
  static Set<String> writtenNames(BlockTree block, Symbols symbols) {
    Set<String> written = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        Kind kind = kind(call, symbols);
        if (kind != null) {
          ExpressionTree root = Unsupported.core(call.getArguments().get(kind.written));
          while (root instanceof ArrayAccessTree access) {
            root = Unsupported.core(access.getExpression());
          }
          if (root instanceof IdentifierTree identifier) {
            written.add(identifier.getName().toString());
          }
        }
        return super.visitMethodInvocation(call, unused);
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(block, null);
    return written;
  }

  /** Translates {@code call} if it is one of these calls; false, with nothing emitted, if not. */
  boolean translate(MethodInvocationTree call) {
    Kind kind = kind(call, symbols);
    if (kind == null) {
      return false;
    }
    // Arguments in Java's order, each with its side effects (an array it creates, say) first.
    call.getArguments().forEach(argument -> body.prepare(argument, null));
    switch (kind) {
      case SORT -> sort(call);
      case FILL -> fill(call);
      case ARRAYCOPY -> arraycopy(call);
    }
    return true;
  }

  /**
   * {@code Arrays.sort(a)}, or of {@code a[from..to)}: a permutation of the elements. The
   * generated code asks {@code Permutations} for the order that sorts them, copies them, and
   * gathers the copy back in that order.
   */
  private void sort(MethodInvocationTree call) {
    List<? extends ExpressionTree> arguments = call.getArguments();
    Expr array = expressions.translate(arguments.get(0));
    if (!(array instanceof Expr.Ref ref) || array.type() != Type.DOUBLE_ARRAY) {
      throw new Unsupported(call, "Arrays.sort is supported for a double[] variable (a local,"
          + " or a parameter, which the generated code sorts a copy of)");
    }
    expressions.requireWritable(arguments.get(0), array, "Arrays.sort");
    Variable sorted = ref.variable();
    boolean range = arguments.size() == 3;
    Expr from = range ? position(arguments.get(1)) : Expr.Literal.ofInt(0);
    Expr to = range ? position(arguments.get(2)) : new Expr.Length(ref);
    Expr length = rows.lengthOf(ref);
    Expr sortingOrder = new Expr.StaticCall(SORTING_ORDER, List.of(ref, from, to),
        Type.INT_ARRAY, null);
    Expr count = range ? minus(to, from) : to;
    Variable order;
    if (blocks.atMethodTopLevel()) {
      order = new Variable(names.fresh("order"), Type.INT_ARRAY, Variable.Kind.LOCAL);
      blocks.emit(new Stmt.Assign(order, sortingOrder, true));
    } else {
      // In a loop the reverse pass needs each iteration's order: its elements go into an int
      // array, whose overwritten elements are saved like any other's.
      Variable computed = new Variable(names.fresh("sortingOrder"), Type.INT_ARRAY,
          Variable.Kind.LOCAL);
      blocks.emit(new Stmt.Assign(computed, sortingOrder, true));
      order = body.scratchArray("order", Type.INT_ARRAY, length, call);
      blocks.emit(ParameterCopies.copyLoop(order, List.of(), computed, List.of(), count,
          names));
    }
    Variable unsorted = body.scratchArray("unsorted", Type.DOUBLE_ARRAY, length, call);
    blocks.emit(ParameterCopies.copyLoop(unsorted, List.of(), sorted, List.of(), length,
        names));
    // sorted[from + k] = unsorted[order[k]], for k < to - from
    Variable k = counter("k");
    Expr index = new Expr.Ref(k);
    blocks.emit(Stmt.Loop.countingUp(k, Expr.Literal.ofInt(0), count, List.of(new Stmt.Store(
        new Expr.Element(sorted, List.of(range ? plus(from, index) : index)),
        new Expr.Element(unsorted, List.of(new Expr.Element(order, List.of(index))))))));
  }

  /** {@code Arrays.fill(a, v)}, or of {@code a[from..to)}: {@code v} evaluated once, then stored. */
  private void fill(MethodInvocationTree call) {
    List<? extends ExpressionTree> arguments = call.getArguments();
    Target target = target(arguments.get(0), "Arrays.fill");
    expressions.requireWritable(arguments.get(0), target.expr(), "Arrays.fill");
    boolean range = arguments.size() == 4;
    Expr value = expressions.translate(arguments.get(range ? 3 : 1));
    Type element = target.type().elementType();
    if (!DataTypes.assignable(value, element)) {
      throw new Unsupported(arguments.get(range ? 3 : 1), "Arrays.fill of a "
          + target.type().javaName() + " takes a " + element.javaName() + " value");
    }
    Variable filler = new Variable(names.fresh("filler"), element, Variable.Kind.LOCAL);
    blocks.emit(new Stmt.Assign(filler, element.isReal()
        ? threeAddress.operation(value) : value, true));
    Variable i = counter("i");
    blocks.emit(Stmt.Loop.countingUp(i,
        range ? position(arguments.get(1)) : Expr.Literal.ofInt(0),
        range ? position(arguments.get(2)) : new Expr.Length(target.expr()),
        List.of(new Stmt.Store(target.at(new Expr.Ref(i)), new Expr.Ref(filler)))));
  }

  /**
   * {@code System.arraycopy(src, srcPos, dest, destPos, length)}: element by element, backwards
   * when both may be one array and the copy moves up, so an overlapping copy reads each element
   * before it is overwritten, as arraycopy does.
   */
  private void arraycopy(MethodInvocationTree call) {
    List<? extends ExpressionTree> arguments = call.getArguments();
    Target source = target(arguments.get(0), "System.arraycopy");
    Target destination = target(arguments.get(2), "System.arraycopy");
    expressions.requireWritable(arguments.get(2), destination.expr(), "System.arraycopy");
    if (source.type() != destination.type()) {
      throw new Unsupported(call, "System.arraycopy from " + source.type().javaName()
          + " into " + destination.type().javaName() + " throws ArrayStoreException");
    }
    Expr sourcePosition = position(arguments.get(1));
    Expr destinationPosition = position(arguments.get(3));
    Expr length = position(arguments.get(4));
    Variable i = counter("i");
    Expr index = new Expr.Ref(i);
    Stmt copy = new Stmt.Store(destination.at(plus(destinationPosition, index)),
        source.at(plus(sourcePosition, index)));
    Stmt forward = Stmt.Loop.countingUp(i, Expr.Literal.ofInt(0), length, List.of(copy));
    boolean knownDown = sourcePosition instanceof Expr.Literal from
        && destinationPosition instanceof Expr.Literal to && from.value() >= to.value();
    if (!mayOverlap(source, destination) || knownDown) {
      blocks.emit(forward);
      return;
    }
    Variable j = counter("i");
    Expr back = new Expr.Ref(j);
    Stmt backward = new Stmt.Loop(
        List.of(new Stmt.Assign(j, minus(length, Expr.Literal.ofInt(1)), true)),
        new Expr.Binary(BinaryOperator.GREATER_EQUAL, back, Expr.Literal.ofInt(0), Type.BOOLEAN),
        List.of(new Stmt.Store(destination.at(plus(destinationPosition, back)),
            source.at(plus(sourcePosition, back)))),
        List.of(new Stmt.Assign(j, minus(back, Expr.Literal.ofInt(1)), false)), true);
    if (sourcePosition instanceof Expr.Literal && destinationPosition instanceof Expr.Literal) {
      blocks.emit(backward); // known to move up
      return;
    }
    blocks.emit(new Stmt.If(new Expr.Binary(BinaryOperator.LESS, sourcePosition,
        destinationPosition, Type.BOOLEAN), List.of(backward), List.of(forward)));
  }

  /** Whether two targets may be one array: one variable, not rows with different constants. */
  private static boolean mayOverlap(Target a, Target b) {
    if (a.variable() != b.variable()) {
      return false;
    }
    for (int k = 0; k < Math.min(a.row().size(), b.row().size()); k++) {
      if (a.row().get(k) instanceof Expr.Literal x && b.row().get(k) instanceof Expr.Literal y
          && x.value() != y.value()) {
        return false;
      }
    }
    return true;
  }

  /** An array the call reads or writes: a variable, or a row {@code m[i]} of one. */
  private record Target(Expr expr, Variable variable, List<Expr> row) {
    Type type() {
      return expr.type();
    }

    Expr.Element at(Expr index) {
      List<Expr> indices = new ArrayList<>(row);
      indices.add(index);
      return new Expr.Element(variable, indices);
    }
  }

  private Target target(ExpressionTree tree, String call) {
    Expr array = expressions.translate(tree);
    Target target;
    if (array instanceof Expr.Ref ref) {
      target = new Target(array, ref.variable(), List.of());
    } else if (array instanceof Expr.Element row) {
      target = new Target(array, row.array(), row.indices());
    } else {
      target = null;
    }
    if (target == null || !array.type().isArray() || array.type().elementType().isArray()) {
      throw new Unsupported(tree, call + " is supported for an array variable or a row such"
          + " as m[i]");
    }
    if (target.variable().kind() == Variable.Kind.PARAMETER && !target.row().isEmpty()) {
      throw new Unsupported(tree, call + " would write into the matrix parameter "
          + target.variable().name() + ": flatgrad never changes its inputs; copy it into a"
          + " local matrix first");
    }
    return target;
  }

  /**
   * An int argument, evaluated once as Java evaluates it: one that reads array elements (which
   * the loop may overwrite, {@code Arrays.fill(a, 0, (int) a[0], v)}) goes into a local first.
   */
  private Expr position(ExpressionTree tree) {
    Expr value = expressions.integer(tree);
    if (!readsElements(value)) {
      return value;
    }
    Variable once = new Variable(names.temporary(), value.type(), Variable.Kind.TEMPORARY);
    blocks.emit(new Stmt.Assign(once, value, true));
    return new Expr.Ref(once);
  }

  private static boolean readsElements(Expr expr) {
    return expr instanceof Expr.Element
        || expr.children().stream().anyMatch(ArrayMutations::readsElements);
  }

  private Variable counter(String name) {
    return new Variable(names.fresh(name), Type.INT, Variable.Kind.LOCAL);
  }

  private static Expr plus(Expr a, Expr b) {
    return a instanceof Expr.Literal literal && literal.value() == 0 ? b
        : new Expr.Binary(BinaryOperator.ADD, a, b, Type.INT);
  }

  private static Expr minus(Expr a, Expr b) {
    return new Expr.Binary(BinaryOperator.SUBTRACT, a, b, Type.INT);
  }
}
