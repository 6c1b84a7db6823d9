package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code z = new double[k];} and its forms {@code z = new double[] {a, b};}, {@code z =
 * x.clone();} and {@code z = Arrays.copyOf(x, n);}, on a local array that is only ever reassigned
 * new arrays ({@link ReallocatedArrays}). In the block that declares {@code z} at the top level of
 * the method the new array is a new version of the variable, as for any local; inside a loop or a
 * branch it replaces the array the variable holds, a reallocation that the reverse pass undoes
 * ({@code ad/Reallocations}). Either way {@code z} then holds a fresh array of the new length, its
 * elements zero or the initializer's or copy's, as in Java.
 */
final class ArrayReallocations {

  private final Blocks blocks;
  private final Scopes scopes;
  private final Names names;
  private final ExpressionTranslator expressions;
  private final ThreeAddress threeAddress;
  private final SideEffects sideEffects;
  private final LocalArrays arrays;
  private final Symbols symbols;

  ArrayReallocations(BodyContext context, LocalArrays arrays, Symbols symbols) {
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.names = context.names();
    this.expressions = context.expressions();
    this.threeAddress = context.threeAddress();
    this.sideEffects = context.sideEffects();
    this.arrays = arrays;
    this.symbols = symbols;
  }

  /** {@code target = valueTree}, a new array for the reallocated local array {@code target}. */
  void reallocate(Local target, ExpressionTree valueTree) {
    String name = target.userName();
    if (ArrayInitializers.isInitializer(valueTree)) {
      initialized(target, (NewArrayTree) Unsupported.core(valueTree));
    } else if (valueTree instanceof NewArrayTree creation
        && creation.getDimensions().size() == 1) {
      Type type = LocalTypes.arrayType(creation.getType(), 1, valueTree);
      checkType(target, type, valueTree);
      put(target, new Expr.NewArray(type, List.of(expressions.integer(
          creation.getDimensions().get(0)))));
    } else if (Clones.source(valueTree) != null) {
      copied(target, arrays.copied(name, Clones.source(valueTree), null, valueTree), valueTree);
    } else if (Unsupported.core(valueTree) instanceof MethodInvocationTree call
        && Clones.copyOf(valueTree, symbols) == null) {
      // u = solveTridiagonal(a, b, c, d): the helper's body in place, then a copy of its array.
      Variable made = arrays.inlinedArrayOf(call, target.type()).orElseThrow(() ->
          new Unsupported(valueTree, "the array " + name + " is reallocated, so assign it only"
              + " new arrays: new " + target.type().javaName().replace("[]", "[n]") + ", {a,"
              + " b}, x.clone(), Arrays.copyOf(x, n), or the array a helper of this class"
              + " makes and returns"));
      Expr length = new Expr.Length(new Expr.Ref(made));
      copied(target, new LocalArrays.Copied(made.type(), made, List.of(), length, length),
          valueTree);
    } else if (Unsupported.core(valueTree) instanceof IdentifierTree) {
      // alpha = next, next dying here (Handovers): the same as a copy of next's array.
      copied(target, arrays.copied(name, valueTree, null, valueTree), valueTree);
    } else if (Clones.copyOf(valueTree, symbols) != null) {
      Clones.CopyOf copyOf = Clones.copyOf(valueTree, symbols);
      copied(target, arrays.copied(name, copyOf.source(), copyOf.length(), valueTree),
          valueTree);
    } else {
      throw new Unsupported(valueTree, "the array " + name + " is reallocated, so assign it"
          + " only new arrays, as in new " + target.type().javaName().replace("[]", "[n]")
          + ", {a, b}, x.clone() or Arrays.copyOf(x, n)");
    }
  }

  /** {@code z = new double[] {a, b}}: the elements first (they may read z), then the stores. */
  private void initialized(Local target, NewArrayTree creation) {
    ArrayInitializers.Layout layout =
        ArrayInitializers.read(creation, target.type(), target.userName());
    checkType(target, layout.type(), creation);
    Type elementType = layout.type().elementType();
    List<Expr> values = new ArrayList<>();
    for (ArrayInitializers.Element element : layout.elements()) {
      sideEffects.prepare(element.value(), elementType);
      Expr value = expressions.translate(element.value());
      LocalTypes.checkAssignable(elementType, value, element.value());
      values.add(readNow(threeAddress.operation(value), target.current()));
    }
    put(target, new Expr.NewArray(layout.type(),
        List.of(Expr.Literal.ofInt(layout.elements().size()))));
    for (int i = 0; i < values.size(); i++) {
      blocks.emit(new Stmt.Store(new Expr.Element(target.current(),
          List.of(Expr.Literal.ofInt(i))), values.get(i)));
    }
  }

  /** {@code z = x.clone()} or {@code Arrays.copyOf(x, n)}: a new array, then the copy loop. */
  private void copied(Local target, LocalArrays.Copied copied, Tree where) {
    checkType(target, copied.type(), where);
    if (copied.array() == target.current() && !isNewVersion(target)) {
      throw new Unsupported(where, "a copy of " + target.userName() + " into " +
          target.userName() + " itself is supported only at the top level of the method, where "
          + target.userName() + " is declared; inside a loop or branch copy into another array"
          + " first");
    }
    Variable source = copied.array();
    // Sizes read before the reallocation, as Java does: acc = Arrays.copyOf(acc, acc.length + 1).
    Expr length = readNow(copied.length(), target.current());
    Expr count = copied.count().equals(copied.length()) ? length
        : readNow(copied.count(), target.current());
    put(target, new Expr.NewArray(target.type(), List.of(length)));
    blocks.emit(ParameterCopies.copyLoop(target.current(), List.of(), source, copied.row(),
        count, names));
  }

  /** Gives {@code target} the new array {@code creation}: a new version, or a reallocation. */
  private void put(Local target, Expr.NewArray creation) {
    if (isNewVersion(target)) {
      scopes.define(target, creation);
    } else {
      blocks.emit(new Stmt.Assign(target.current(), creation, false));
    }
  }

  /** Whether an assignment to {@code target} here declares a new variable for it. */
  private boolean isNewVersion(Local target) {
    return target.declaringBlock() == blocks.current() && blocks.atMethodTopLevel();
  }

  /** {@code value}, computed into a temporary now if it reads {@code array}, else as it is. */
  private Expr readNow(Expr value, Variable array) {
    if (!reads(value, array)) {
      return value;
    }
    Variable now = new Variable(names.temporary(), value.type(), Variable.Kind.TEMPORARY);
    blocks.emit(new Stmt.Assign(now, value, true));
    return new Expr.Ref(now);
  }

  private static boolean reads(Expr expr, Variable array) {
    return expr instanceof Expr.Ref ref && ref.variable() == array
        || expr instanceof Expr.Element element && element.array() == array
        || expr.children().stream().anyMatch(child -> reads(child, array));
  }

  private static void checkType(Local target, Type type, Tree where) {
    if (type != target.type()) {
      throw new Unsupported(where, "incompatible types: " + type.javaName()
          + " cannot be converted to " + target.type().javaName());
    }
  }
}
