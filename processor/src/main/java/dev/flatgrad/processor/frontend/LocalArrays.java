package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The method's local arrays, each with storage of its own: {@code new double[n]} (and {@code new
 * double[n][]} with rows assigned later), initializers {@code {x, y}}, copies ({@code clone()},
 * {@code Arrays.copyOf}), the fresh array a vector-valued call returns, and the arrays the method
 * reassigns among each other ({@link SwappedArrays}). At the top level an array is allocated where
 * it is declared; inside a loop or branch through {@link NestedArrays}, so that each run of the
 * declaration has its own elements, as in Java. References to other arrays, which have no
 * storage of their own, are {@link ArrayViews}.
 */
final class LocalArrays {

  private final Blocks blocks;
  private final Scopes scopes;
  private final Names names;
  private final ExpressionTranslator expressions;
  private final ThreeAddress threeAddress;
  private final SideEffects sideEffects;
  private final RowAssignments rows;
  private final NestedArrays nestedArrays;
  private final InlinedCalls inlined;
  private final Symbols symbols;

  LocalArrays(BodyContext context, RowAssignments rows, NestedArrays nestedArrays,
      InlinedCalls inlined, Symbols symbols) {
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.names = context.names();
    this.expressions = context.expressions();
    this.threeAddress = context.threeAddress();
    this.sideEffects = context.sideEffects();
    this.rows = rows;
    this.nestedArrays = nestedArrays;
    this.inlined = inlined;
    this.symbols = symbols;
  }

  /**
   * {@code double[] a = new double[n]}, {@code double[] t = a} or {@code double[] t;} for an
   * array the method reassigns: an {@code int} numbering a row of its group's matrix.
   */
  void reassignedArray(String userName, ExpressionTree initializer,
      VariableTree declaration) {
    Expr row = null;
    ExpressionTree copiedTree = initializer == null ? null : Clones.source(initializer);
    Clones.CopyOf copyOf = initializer == null ? null : Clones.copyOf(initializer, symbols);
    if (initializer instanceof NewArrayTree creation && creation.getInitializers() == null
        && creation.getDimensions().size() == 1) {
      checkTopLevelAllocation(userName, initializer);
      Expr size = expressions.integer(creation.getDimensions().get(0));
      row = scopes.swapped().allocate(declaration,
          new Expr.NewArray(Type.DOUBLE_ARRAY, List.of(size)), initializer, blocks, names);
    } else if (copiedTree != null || copyOf != null) {
      // double[] u = Arrays.copyOf(initial, n): a row of its own, then the copy.
      checkTopLevelAllocation(userName, initializer);
      Copied copied = copiedTree != null
          ? copied(userName, copiedTree, null, initializer)
          : copied(userName, copyOf.source(), copyOf.length(), initializer);
      row = scopes.swapped().allocate(declaration, new Expr.NewArray(Type.DOUBLE_ARRAY,
          List.of(copied.length())), initializer, blocks, names);
      blocks.emit(ParameterCopies.copyLoop(scopes.swapped().buffers(declaration), List.of(row),
          copied.array(), copied.row(), copied.count(), names));
    } else if (initializer != null) {
      row = rowNumber(userName, initializer);
    }
    Variable buffers = scopes.swapped().buffers(declaration);
    if (buffers == null) {
      throw new Unsupported(declaration, "allocate one of the arrays that " + userName
          + " is reassigned with before declaring " + userName);
    }
    Local local = new Local(userName, Type.INT, blocks.current(), false);
    local.numberRowsOf(buffers);
    if (row != null) {
      scopes.define(local, row);
    }
    scopes.declare(userName, local);
  }

  private void checkTopLevelAllocation(String userName, ExpressionTree initializer) {
    if (!blocks.atMethodTopLevel()) {
      throw new Unsupported(initializer, "the array " + userName + " is reassigned, or"
          + " assigned to another array variable, so allocate it at the top level of the method,"
          + " not inside a branch or loop (an array declared in a loop may be handed over, as in"
          + " a = " + userName + "; when nothing else refers to it and it is not used after)");
    }
  }

  /** The row number of {@code value}, which must name another reassigned array of the group. */
  Expr rowNumber(String target, ExpressionTree value) {
    if (ReallocatedArrays.isAllocation(value)) {
      throw new Unsupported(value, "the array " + target + " is reassigned both a new array"
          + " and other arrays (as in t = " + target + ";): either allocate each array once,"
          + " then reassign them among each other, as in t = a; a = b; b = t;, or reassign "
          + target + " only new arrays, as in " + target + " = new double[n];");
    }
    Local source = expressions.local(value);
    if (source != null && source.isBroken()) {
      throw Unsupported.alreadyReported();
    }
    if (source == null || source.rows() == null) {
      throw new Unsupported(value, "an array that is reassigned can refer only to arrays"
          + " allocated in this method with new double[n] and to each other, as in t = a;"
          + " not to " + Describe.expression(value));
    }
    if (source.current() == null) {
      throw new Unsupported(value, "variable " + source.userName()
          + " might not have been initialized");
    }
    return new Expr.Ref(source.current());
  }

  /** {@code double[] y = new double[n]}: local arrays. */
  void newArray(String userName, Type declared, ExpressionTree initializer) {
    if (expressions.dependsOnReported(initializer)) {
      throw Unsupported.alreadyReported();
    }
    if (ArrayInitializers.isInitializer(initializer)) {
      initializedArray(userName, declared, (NewArrayTree) initializer);
      return;
    }
    if (initializer instanceof MethodInvocationTree) {
      vectorCall(userName, declared, initializer, expressions.translate(initializer));
      return;
    }
    if (!(initializer instanceof NewArrayTree creation) || creation.getDimensions().isEmpty()) {
      throw new Unsupported(initializer, "initialize the array " + userName + " with new and its"
          + " size, as in new double[n]; copies and aliases of arrays are not supported");
    }
    Tree elementTree = creation.getType();
    int unsized = 0;
    while (elementTree instanceof ArrayTypeTree array) {
      unsized++; // new double[n][]
      elementTree = array.getType();
    }
    Type type = LocalTypes.arrayType(elementTree, creation.getDimensions().size() + unsized,
        initializer);
    if (unsized > 0 && (unsized > 1 || creation.getDimensions().size() != 1)) {
      throw new Unsupported(initializer, "give the array " + userName + " a size in every"
          + " dimension, as in new double[n][m]; rows of different lengths are not supported");
    }
    if (declared != null && declared != type) {
      throw new Unsupported(initializer, "incompatible types: " + type.javaName()
          + " cannot be converted to " + declared.javaName());
    }
    List<Expr> dimensions = new ArrayList<>();
    for (ExpressionTree dimension : creation.getDimensions()) {
      dimensions.add(expressions.integer(dimension));
    }
    if (unsized > 0) {
      // new double[n][] with rows assigned later: rows of the length the first one has.
      Expr rowLength = rows.laterRowLength(userName, scopes.followingInitializer(initializer),
          initializer, expressions::translate, name -> scopes.lookup(name) != null);
      if (rowLength != null) {
        dimensions.add(rowLength);
      } else if (!blocks.atMethodTopLevel()) {
        throw new Unsupported(initializer, "the matrix " + userName + " has rows of different"
            + " lengths (a ragged matrix): declare it at the top level of the method, not inside"
            + " a loop or branch (nor in a helper whose call is inside one)");
      }
    }
    Local local = new Local(userName, type, blocks.current(), false);
    declareArray(local, new Expr.NewArray(type, dimensions), initializer, false);
    scopes.declare(userName, local);
  }

  /**
   * {@code double[] p = x.clone();} of an array or a row {@code m[i]}: a new local array, then a
   * loop copying the elements in, so that {@code p} has its own elements and gradient.
   */
  void clonedArray(String userName, Type declared, ExpressionTree sourceTree,
      ExpressionTree lengthTree, ExpressionTree initializer) {
    Copied copied = copied(userName, sourceTree, lengthTree, initializer);
    if (declared != null && declared != copied.type()) {
      throw new Unsupported(initializer, "incompatible types: " + copied.type().javaName()
          + " cannot be converted to " + declared.javaName());
    }
    Local local = new Local(userName, copied.type(), blocks.current(), false);
    // Arrays.copyOf(a, n) past a's end leaves zeros: a nested array is zero-filled first.
    declareArray(local, new Expr.NewArray(copied.type(), List.of(copied.length())), initializer,
        lengthTree == null);
    blocks.emit(ParameterCopies.copyLoop(local.current(), List.of(), copied.array(),
        copied.row(), copied.count(), names));
    scopes.declare(userName, local);
  }

  /**
   * What {@code source.clone()} ({@code lengthTree} null) or {@code Arrays.copyOf(source,
   * length)} copies: from the array or row {@code array[row]}, {@code count} elements into a new
   * array of {@code length}.
   */
  record Copied(Type type, Variable array, List<Expr> row, Expr length, Expr count) {}

  Copied copied(String userName, ExpressionTree sourceTree, ExpressionTree lengthTree,
      ExpressionTree initializer) {
    Expr source = expressions.translate(sourceTree);
    String copy = lengthTree == null ? "clone" : "copy";
    if (!(source instanceof Expr.Ref) && !(source instanceof Expr.Element)
        || !source.type().isArray()) {
      throw new Unsupported(initializer, copy + " an array variable or a row such as m[i]");
    }
    if (source.type().elementType().isArray()) {
      throw new Unsupported(initializer, (lengthTree == null ? "clone()" : "Arrays.copyOf")
          + " of a matrix copies only its row references, so " + userName + " would share its"
          + " rows with " + Unsupported.core(sourceTree) + "; allocate new "
          + source.type().javaName().replace("[][]", "[n][m]") + " and copy the rows");
    }
    if (lengthTree != null && SideEffects.has(lengthTree)) {
      throw new Unsupported(lengthTree, "compute the length before the call to Arrays.copyOf");
    }
    Variable array;
    List<Expr> row = new ArrayList<>();
    if (source instanceof Expr.Element element) {
      array = element.array();
      element.indices().forEach(index -> row.add(threeAddress.operand(index)));
    } else {
      array = ((Expr.Ref) source).variable();
    }
    Expr sourceLength = rows.lengthOf(row.isEmpty() ? new Expr.Ref(array)
        : new Expr.Element(array, row));
    if (lengthTree == null) {
      return new Copied(source.type(), array, row, sourceLength, sourceLength);
    }
    Expr length = expressions.integer(lengthTree);
    return new Copied(source.type(), array, row, length,
        new Expr.Call(Primitive.MIN, List.of(length, sourceLength), Type.INT));
  }

  /**
   * Declares {@code userName} as the matrix a helper of this class returns, {@code double[][] l =
   * cholesky(k);}, by translating the helper's body in place; false, with nothing translated,
   * if the initializer is no call of a helper flatgrad can inline.
   */
  boolean inlinedMatrix(String userName, ExpressionTree initializer) {
    Optional<Variable> matrix = Unsupported.core(initializer)
        instanceof MethodInvocationTree call
        ? inlined.inlineArrayHelper(call, Type.DOUBLE_MATRIX) : Optional.empty();
    matrix.ifPresent(variable -> scopes.bindLocal(userName, variable));
    return matrix.isPresent();
  }

  /**
   * {@code double[] r = residual(p, t);}: the fresh array a vector-valued {@code
   * @Differentiable} method returns, held once, like a local array made with new.
   */
  void vectorCall(String userName, Type declared, ExpressionTree initializer,
      Expr value) {
    if (!(value instanceof Expr.Invoke) || value.type() != Type.DOUBLE_ARRAY) {
      throw new Unsupported(initializer, "initialize the array " + userName + " with new and"
          + " its size, as in new double[n]; copies and aliases of arrays are not supported");
    }
    if (declared != null && declared != Type.DOUBLE_ARRAY) {
      throw new Unsupported(initializer, "incompatible types: double[] cannot be converted to "
          + declared.javaName());
    }
    if (!blocks.atMethodTopLevel()) {
      // Each call gives a fresh array: the helper's own array, declared here.
      Optional<Variable> inlinedArray = Unsupported.core(initializer)
          instanceof MethodInvocationTree call
          ? inlined.inlineArrayHelper(call, Type.DOUBLE_ARRAY) : Optional.empty();
      if (inlinedArray.isPresent()) {
        scopes.bindLocal(userName, inlinedArray.get());
        return;
      }
      throw new Unsupported(initializer, "call " + ((Expr.Invoke) value).callee().name()
          + " at the top level of the method body, not inside a branch or loop: the array it"
          + " returns is a local array, which flatgrad holds once (it translates a helper of"
          + " this class where it is called when the helper ends with return y; of an array y"
          + " it allocates)");
    }
    Local local = new Local(userName, Type.DOUBLE_ARRAY, blocks.current(), false);
    scopes.define(local, threeAddress.operation(value));
    scopes.declare(userName, local);
  }

  /**
   * {@code double[] k = f(x);} inside a loop or branch, with {@code f} a helper of this class
   * that returns an array it makes: its body in place, {@code k} its array. False, with nothing
   * translated, if {@code f} is not such a helper.
   */
  boolean inlinedVectorCall(String userName, MethodInvocationTree call) {
    Optional<Variable> made = inlined.inlineArrayHelper(call, Type.DOUBLE_ARRAY);
    made.ifPresent(array -> scopes.bindLocal(userName, array));
    return made.isPresent();
  }

  /** The array a helper call makes and returns, its body translated here; empty if none. */
  Optional<Variable> inlinedArrayOf(MethodInvocationTree call, Type type) {
    return inlined.inlineArrayHelper(call, type);
  }

  /** Whether an argument of {@code call} is a call of a helper that returns a new array. */
  boolean takesArrayHelperCall(MethodInvocationTree call) {
    return inlined.takesArrayHelperCall(call);
  }

  /** {@code new double[] {x, y}} inside an expression, as a local array of its own. */
  Variable argumentArray(NewArrayTree creation) {
    return initializedArray(names.fresh("values"), null, creation).current();
  }

  /**
   * {@code double[] a = {x, y, 2 * z}}: a new array of the initializer's shape, then one store
   * per element in source order, as Java evaluates them.
   */
  Local initializedArray(String userName, Type declared, NewArrayTree creation) {
    ArrayInitializers.Layout layout = ArrayInitializers.read(creation, declared, userName);
    Type elementType = layout.type().scalar();
    List<Expr> dimensions = new ArrayList<>();
    layout.dimensions().forEach(length -> dimensions.add(Expr.Literal.ofInt(length)));
    Local local = new Local(userName, layout.type(), blocks.current(), false);
    declareArray(local, new Expr.NewArray(layout.type(), dimensions), creation, true);
    List<ArrayInitializers.Element> elements = layout.elements();
    if (layout.rowLengths() == null) {
      elements.forEach(element -> store(local.current(), elementType, element));
    } else {
      int next = 0;
      for (int row = 0; row < layout.rowLengths().size(); row++) {
        // A ragged matrix's row: a new array of its own length (RowAssignments), then its
        // elements.
        blocks.emit(new Stmt.Store(
            new Expr.Element(local.current(), List.of(Expr.Literal.ofInt(row))),
            new Expr.NewArray(layout.type().elementType(),
                List.of(Expr.Literal.ofInt(layout.rowLengths().get(row))))));
        for (; next < elements.size() && elements.get(next).indices().get(0) == row; next++) {
          store(local.current(), elementType, elements.get(next));
        }
      }
    }
    scopes.declare(userName, local);
    return local;
  }

  /** One element of an initializer, stored where it goes after its side effects, as in Java. */
  private void store(Variable array, Type elementType, ArrayInitializers.Element element) {
    sideEffects.prepare(element.value(), elementType);
    Expr value = expressions.translate(element.value());
    LocalTypes.checkAssignable(elementType, value, element.value());
    List<Expr> indices = new ArrayList<>();
    element.indices().forEach(index -> indices.add(Expr.Literal.ofInt(index)));
    blocks.emit(new Stmt.Store(new Expr.Element(array, indices), threeAddress.operation(value)));
  }

  /**
   * Gives the array {@code local} its allocation: in place at the top level, else through
   * {@link NestedArrays}; {@code everyElementStored} if an initializer's stores follow.
   */
  private void declareArray(Local local, Expr.NewArray creation, Tree where,
      boolean everyElementStored) {
    boolean reallocated = where instanceof ExpressionTree initializer
        && scopes.reallocated().initializes(initializer);
    if (reallocated) {
      local.markReallocated(); // z = new double[k] later: its length is z.length
    }
    if (blocks.atMethodTopLevel()) {
      scopes.define(local, creation);
    } else {
      Variable array = scopes.newVariable(local, true);
      if (reallocated) {
        nestedArrays.reallocate(array, creation);
      } else {
        nestedArrays.declare(local.userName(), array, creation, where, everyElementStored);
      }
      local.assign(array);
    }
    if (reallocated) {
      nestedArrays.noteReallocated(local.current());
    } else {
      rows.allocated(local.current(), creation);
    }
  }

  /**
   * A fresh array of {@code length} for generated code, named after {@code name}, declared here
   * (inside a loop or branch, allocated before it as a local array would be).
   */
  Variable scratchArray(String name, Type type, Expr length, Tree where) {
    // Made fresh here: a Local keeps its user name, which no one else reserved.
    Local local = new Local(names.fresh(name), type, blocks.current(), false);
    declareArray(local, new Expr.NewArray(type, List.of(length)), where, true);
    return local.current();
  }
}
