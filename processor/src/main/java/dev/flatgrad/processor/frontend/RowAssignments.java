package dev.flatgrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code m[i] = row;}: a row of a local matrix replaced, with {@code new double[k]}, {@code new
 * double[] {a, b}}, another array, a row of a matrix, or {@code x.clone()}. Every local matrix owns
 * rows of one length, so the assignment becomes a copy of the new row's elements into row {@code i}
 * (a zero fill for {@code new}): ordinary element stores, which the reverse pass restores from the
 * tape like any other overwrite, so each iteration's own values come back. A copy behaves as Java's
 * shared reference wherever nothing tells them apart: the rows must have the same length, written
 * the same way, and a source that is not fresh must not be written afterwards, nor read after the
 * matrix is written, nor may a row view of the old row ({@code double[] r = m[i];}) be read after.
 *
 * <p>A matrix declared {@code new double[n][]} whose rows get lengths that differ, or are not
 * known when it is declared ({@code r[i] = new double[i + 1]}, a triangular tableau), is ragged:
 * its rows start null, as in Java, and each row assignment puts a new array in place (a {@code
 * Store} of a {@code NewArray}, which the reverse pass undoes: {@code ad/Reallocations}). Its rows
 * are then new arrays only: {@code new double[k]}, an initializer, or a clone.
 */
final class RowAssignments {

  private final Blocks blocks;
  private final Names names;
  private final CompilationUnitTree unit;
  private final SourceText source;
  private final ThreeAddress threeAddress;
  /** The length of the rows of each local matrix, as its allocation wrote it. */
  private final Map<Variable, Expr> columns = new IdentityHashMap<>();
  /** The length of each local vector, as its allocation wrote it. */
  private final Map<Variable, Expr> lengths = new IdentityHashMap<>();
  /** Local matrices allocated {@code new double[n][]} whose rows may differ in length. */
  private final Set<Variable> ragged = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  RowAssignments(Blocks blocks, Names names, CompilationUnitTree unit, SourceText source) {
    this.blocks = blocks;
    this.names = names;
    this.unit = unit;
    this.source = source;
    this.threeAddress = new ThreeAddress(blocks, names);
  }

  /**
   * The user's names in the method that an assignment changes: a size read from one of them may
   * not hold when the array is used.
   */
  private final Set<String> assignedNames = new java.util.HashSet<>();
  /** The names the method assigns as a whole variable (a new array, not an element). */
  private final Set<String> reassignedNames = new java.util.HashSet<>();
  /**
   * The same for the helpers the method inlines, and with the method's: what an allocation inside
   * a helper must assume. A helper cannot assign the method's own variables, so an allocation
   * in the method ignores these (a helper's local c does not change the method's c).
   */
  private final Set<String> assignedInHelpers = new java.util.HashSet<>();
  private final Set<String> reassignedInHelpers = new java.util.HashSet<>();
  private int helperDepth;

  /** Notes the names the method's {@code body} assigns. */
  void noteAssignedIn(Tree body) {
    assignedNames.addAll(Assigned.names(body));
    reassignedNames.addAll(Assigned.wholeNames(body));
    assignedInHelpers.addAll(assignedNames);
    reassignedInHelpers.addAll(reassignedNames);
  }

  /** Runs {@code translate}, the translation of the inlined helper's {@code body}. */
  void inHelper(Tree body, Runnable translate) {
    assignedInHelpers.addAll(Assigned.names(body));
    reassignedInHelpers.addAll(Assigned.wholeNames(body));
    helperDepth++;
    try {
      translate.run();
    } finally {
      helperDepth--;
    }
  }

  /**
   * Records the row length of a local array or matrix allocated by {@code creation}, when it
   * holds for as long as the array: a size that reads a variable the method assigns again
   * ({@code new double[n]}, then {@code n--}) is read from the array itself instead.
   */
  void allocated(Variable array, Expr.NewArray creation) {
    List<Expr> dimensions = creation.dimensions();
    if (dimensions.size() == 2) {
      // Rows keep one length, so the first row's holds too (read only where rows exist).
      columns.put(array, holds(dimensions.get(1)) ? dimensions.get(1)
          : new Expr.Length(new Expr.Element(array, List.of(Expr.Literal.ofInt(0)))));
    } else if (dimensions.size() == 1 && !creation.type().elementType().isArray()) {
      if (holds(dimensions.get(0))) {
        lengths.put(array, dimensions.get(0));
      }
    } else if (dimensions.size() == 1 && creation.type().rank() == 2) {
      ragged.add(array);
    }
  }

  /** Whether {@code size} reads no variable that an assignment may change later. */
  private boolean holds(Expr size) {
    if (size instanceof Expr.Length length && length.array() instanceof Expr.Ref array) {
      // new double[act.length]: writing act's elements keeps its length, a new act does not.
      return !isAssigned(array.variable(),
          helperDepth > 0 ? reassignedInHelpers : reassignedNames);
    }
    if (size instanceof Expr.Ref ref) {
      return !isAssigned(ref.variable());
    }
    if (size instanceof Expr.Element element && isAssigned(element.array())) {
      return false;
    }
    return size.children().stream().allMatch(this::holds);
  }

  /** Whether the user's name of {@code variable} (also of a version, n_1) is assigned. */
  private boolean isAssigned(Variable variable) {
    return isAssigned(variable, helperDepth > 0 ? assignedInHelpers : assignedNames);
  }

  private static boolean isAssigned(Variable variable, Set<String> names) {
    String name = variable.name();
    return names.contains(name) || names.contains(name.replaceFirst("_[0-9]+$", ""));
  }

  /**
   * The row length of {@code double[][] m = new double[n][];}, whose rows {@code following}
   * assigns: the length of the first row assigned, which must be known here and stay fixed (a
   * local matrix keeps rows of one length; see the class comment). Null when the rows may differ
   * in length, such as {@code new double[i + 1]}: the matrix is ragged, its rows new arrays.
   */
  Expr laterRowLength(String matrixName, List<? extends Tree> following, Tree where,
      Function<ExpressionTree, Expr> translate, java.util.function.Predicate<String> inScope) {
    if (following != null && differentLengths(rowValues(matrixName, following))) {
      return null; // ragged
    }
    ExpressionTree first = following == null ? null : firstRow(matrixName, following);
    if (first == null) {
      throw new Unsupported(where, "the rows of " + matrixName + " must be assigned in the same"
          + " block as its declaration (m[i] = new double[k], m[i] = row or m[i] = x.clone()),"
          + " so that flatgrad knows their length; or give both sizes, as in new double[n][k]");
    }
    ExpressionTree size;
    ExpressionTree value = Unsupported.core(first);
    if (Clones.source(value) != null) {
      value = Unsupported.core(Clones.source(value));
    }
    if (value instanceof IdentifierTree row && !inScope.test(row.getName().toString())) {
      value = allocation(row.getName().toString(), following); // double[] r = new double[k];
    }
    if (ArrayInitializers.isInitializer(value)) {
      return Expr.Literal.ofInt(((NewArrayTree) value).getInitializers().size());
    }
    if (value instanceof NewArrayTree creation && creation.getInitializers() == null
        && creation.getDimensions().size() == 1) {
      size = creation.getDimensions().get(0);
    } else if (value instanceof IdentifierTree
        || value instanceof com.sun.source.tree.ArrayAccessTree
        || value instanceof MethodInvocationTree) { // a record's array, net.bias()
      size = value;
    } else {
      throw new Unsupported(first, "assign the rows of " + matrixName + " with new double[k],"
          + " new double[] {a, b}, another array, a row of a matrix or a clone of one");
    }
    // A record's array (net.bias()) has a length nothing can change; the translation below
    // checks that it is one.
    Set<String> reads = size instanceof MethodInvocationTree ? Set.of() : Assigned.reads(size);
    Set<String> assigned = new java.util.HashSet<>();
    following.forEach(tree -> assigned.addAll(Assigned.names(tree)));
    boolean fixed = reads.stream().allMatch(inScope);
    if (size != value) {
      fixed &= reads.stream().noneMatch(assigned::contains);
    }
    if (!fixed) {
      return null; // ragged
    }
    Expr translated = translate.apply(size);
    if (size == value) {
      if (!(translated instanceof Expr.Ref) && !(translated instanceof Expr.Element)
          || !translated.type().isArray()) {
        throw new Unsupported(first, "assign the rows of " + matrixName + " with new"
            + " double[k], new double[] {a, b}, another array, a row of a matrix or a clone of"
            + " one");
      }
      return lengthOf(translated);
    }
    return translated;
  }

  /** The initializer of the declaration of {@code name} among {@code trees}, or null. */
  private static ExpressionTree allocation(String name, List<? extends Tree> trees) {
    ExpressionTree[] found = {null};
    com.sun.source.util.TreeScanner<Void, Void> scanner =
        new com.sun.source.util.TreeScanner<>() {
          @Override
          public Void visitVariable(com.sun.source.tree.VariableTree variable, Void unused) {
            if (found[0] == null && variable.getName().contentEquals(name)) {
              found[0] = variable.getInitializer();
            }
            return super.visitVariable(variable, unused);
          }
        };
    trees.forEach(tree -> scanner.scan(tree, null));
    return found[0] == null ? null : Unsupported.core(found[0]);
  }

  /**
   * Whether the new arrays among {@code rows} are written with sizes that differ: {@code new
   * double[] {a}} and {@code new double[i + 1]}, or {@code new double[k]} and {@code new
   * double[k + 1]}.
   */
  private static boolean differentLengths(List<ExpressionTree> rows) {
    Set<String> sizes = new java.util.HashSet<>();
    for (ExpressionTree row : rows) {
      ExpressionTree value = Unsupported.core(row);
      if (ArrayInitializers.isInitializer(value)) {
        sizes.add(Integer.toString(((NewArrayTree) value).getInitializers().size()));
      } else if (value instanceof NewArrayTree creation && creation.getDimensions().size() == 1) {
        sizes.add(Unsupported.core(creation.getDimensions().get(0)).toString());
      }
    }
    return sizes.size() > 1;
  }

  /** The values of every {@code m[...] = value} among {@code trees}, in source order. */
  private static List<ExpressionTree> rowValues(String matrixName, List<? extends Tree> trees) {
    List<ExpressionTree> found = new ArrayList<>();
    com.sun.source.util.TreeScanner<Void, Void> scanner =
        new com.sun.source.util.TreeScanner<>() {
          @Override
          public Void visitAssignment(com.sun.source.tree.AssignmentTree assignment, Void unused) {
            if (Unsupported.core(assignment.getVariable())
                    instanceof com.sun.source.tree.ArrayAccessTree access
                && Unsupported.core(access.getExpression()) instanceof IdentifierTree matrix
                && matrix.getName().contentEquals(matrixName)) {
              found.add(assignment.getExpression());
            }
            return super.visitAssignment(assignment, unused);
          }
        };
    trees.forEach(tree -> scanner.scan(tree, null));
    return found;
  }

  /** The value of the first {@code m[...] = value} among {@code trees}, in source order. */
  private static ExpressionTree firstRow(String matrixName, List<? extends Tree> trees) {
    ExpressionTree[] found = {null};
    com.sun.source.util.TreeScanner<Void, Void> scanner =
        new com.sun.source.util.TreeScanner<>() {
          @Override
          public Void visitAssignment(com.sun.source.tree.AssignmentTree assignment, Void unused) {
            if (found[0] == null
                && Unsupported.core(assignment.getVariable())
                    instanceof com.sun.source.tree.ArrayAccessTree access
                && Unsupported.core(access.getExpression()) instanceof IdentifierTree matrix
                && matrix.getName().contentEquals(matrixName)) {
              found[0] = assignment.getExpression();
            }
            return super.visitAssignment(assignment, unused);
          }
        };
    for (Tree tree : trees) {
      scanner.scan(tree, null);
      if (found[0] != null) {
        break;
      }
    }
    return found[0];
  }

  /**
   * The length of {@code array} as its allocation wrote it, else {@code array.length}: for a row
   * of a local matrix the allocation's row length, which is known where the row's index is not.
   */
  Expr lengthOf(Expr array) {
    Expr known = null;
    if (array instanceof Expr.Ref ref) {
      known = lengths.get(ref.variable());
    } else if (array instanceof Expr.Element row && row.indices().size() == 1) {
      known = columns.get(row.array());
    }
    return known != null ? known : new Expr.Length(array);
  }

  /**
   * Translates {@code row = value}, where {@code row} is {@code m[i]} of the local matrix {@code
   * matrixName}; {@code translate} reads expressions, and {@code rowViews} names the locals that
   * view a row of a matrix variable.
   */
  void assign(Expr.Element row, String matrixName, ExpressionTree valueTree, Tree assignment,
      Function<ExpressionTree, Expr> translate, Function<Variable, Map<String, Boolean>> views) {
    Variable matrix = row.array();
    if (ragged.contains(matrix) && row.indices().size() == 1) {
      raggedRow(row, matrixName, valueTree, translate, views.apply(matrix));
      return;
    }
    Expr length = columns.get(matrix);
    if (length == null || row.indices().size() != 1) {
      throw new Unsupported(assignment, "rows of " + matrixName + " cannot be replaced: flatgrad"
          + " replaces rows only of local matrices allocated with new and both sizes, as in new"
          + " double[n][m]; write to its elements");
    }
    Expr index = once(row.indices().get(0), matrixName);
    Expr.Element target = new Expr.Element(matrix, List.of(index));
    if (valueTree instanceof NewArrayTree creation && creation.getInitializers() == null
        && creation.getDimensions().size() == 1) {
      Expr size = translate.apply(creation.getDimensions().get(0));
      sameLength(size, length, matrixName, valueTree);
      copy(target, null, matrix.type().elementType().elementType());
      return;
    }
    if (ArrayInitializers.isInitializer(valueTree)) {
      store(target, (NewArrayTree) valueTree, length, matrixName, translate);
      return;
    }
    // m[i] = x.clone(): nobody else holds the new row.
    boolean fresh = Clones.source(valueTree) != null;
    ExpressionTree sourceTree = fresh ? Clones.source(valueTree) : valueTree;
    Expr value = translate.apply(sourceTree);
    if (!(value instanceof Expr.Ref) && !(value instanceof Expr.Element)
        || value.type() != matrix.type().elementType()) {
      throw new Unsupported(valueTree, "replace the row " + matrixName + "[...] with new "
          + matrix.type().elementType().javaName().replace("[]", "[n]") + ", another "
          + matrix.type().elementType().javaName() + " variable, a row of a matrix or a clone"
          + " of one");
    }
    sameLength(lengthOf(value), length, matrixName, valueTree);
    if (!fresh) {
      checkNotTold(assignment, root(sourceTree), matrixName, views.apply(matrix));
    }
    copy(target, value, null);
  }

  /**
   * {@code double[] t = m[a]; m[a] = m[b]; m[b] = t;} ({@link RowSwaps}) of the local matrix
   * {@code m}: the elements of rows {@code a} and {@code b} swapped, which their one length makes
   * the same as swapping the rows; for a ragged matrix, row {@code a} is copied aside into an
   * array from {@code scratch}, then both rows replaced with copies.
   */
  void swap(Expr.Element first, Expr.Element second, String matrixName,
      Function<Expr, Variable> scratch) {
    Variable matrix = first.array();
    Expr.Element a = new Expr.Element(matrix, List.of(once(first.indices().get(0), matrixName)));
    Expr.Element b = new Expr.Element(matrix, List.of(once(second.indices().get(0), matrixName)));
    if (ragged.contains(matrix)) {
      Variable aside = scratch.apply(new Expr.Length(a));
      Expr length = new Expr.Length(new Expr.Ref(aside));
      blocks.emit(ParameterCopies.copyLoop(aside, List.of(), matrix, a.indices(), length, names));
      Type rowType = matrix.type().elementType();
      blocks.emit(new Stmt.Store(a, new Expr.NewArray(rowType, List.of(new Expr.Length(b)))));
      copy(a, b, null);
      blocks.emit(new Stmt.Store(b, new Expr.NewArray(rowType, List.of(length))));
      blocks.emit(ParameterCopies.copyLoop(matrix, b.indices(), aside, List.of(), length, names));
      return;
    }
    Variable j = new Variable(names.fresh("j"), Type.INT, Variable.Kind.LOCAL);
    Expr.Element inA = element(a, j);
    Expr.Element inB = element(b, j);
    Variable held = new Variable(names.fresh(matrixName + "Element"), inA.type(),
        Variable.Kind.LOCAL);
    List<Stmt> body = List.of(new Stmt.Assign(held, inA, true), new Stmt.Store(inA, inB),
        new Stmt.Store(inB, new Expr.Ref(held)));
    blocks.emit(Stmt.Loop.countingUp(j, new Expr.Length(a), body));
  }

  /** {@code row[j]}. */
  private static Expr.Element element(Expr.Element row, Variable j) {
    List<Expr> indices = new ArrayList<>(row.indices());
    indices.add(new Expr.Ref(j));
    return new Expr.Element(row.array(), indices);
  }

  /**
   * {@code r[i] = value} of a ragged matrix: a new array of the value's length in place of the
   * old row, then its elements; the value must be a new array (a view of the old row would see
   * the new one).
   */
  private void raggedRow(Expr.Element row, String matrixName, ExpressionTree valueTree,
      Function<ExpressionTree, Expr> translate, Map<String, Boolean> views) {
    if (views.values().stream().anyMatch(isRow -> isRow)) {
      throw new Unsupported(valueTree, "a row of the ragged matrix " + matrixName + " is"
          + " replaced while a variable refers to one of its rows: read the rows through "
          + matrixName + "[i]");
    }
    Expr.Element target = new Expr.Element(row.array(), List.of(once(row.indices().get(0),
        matrixName)));
    Type rowType = row.array().type().elementType();
    if (valueTree instanceof NewArrayTree creation && creation.getInitializers() == null
        && creation.getDimensions().size() == 1) {
      Expr size = threeAddress.operation(translate.apply(creation.getDimensions().get(0)));
      blocks.emit(new Stmt.Store(target, new Expr.NewArray(rowType, List.of(size))));
      return;
    }
    if (ArrayInitializers.isInitializer(valueTree)) {
      List<Expr> values = initializerValues(target, (NewArrayTree) valueTree, matrixName,
          translate);
      blocks.emit(new Stmt.Store(target,
          new Expr.NewArray(rowType, List.of(Expr.Literal.ofInt(values.size())))));
      storeAll(target, values);
      return;
    }
    ExpressionTree sourceTree = Clones.source(valueTree);
    Expr source = sourceTree == null ? null : translate.apply(sourceTree);
    if (!(source instanceof Expr.Ref) && !(source instanceof Expr.Element)
        || source.type() != rowType) {
      throw new Unsupported(valueTree, "the rows of the ragged matrix " + matrixName + " (rows"
          + " of different lengths) must be new arrays: new " + rowType.javaName().replace("[]",
          "[k]") + ", an initializer such as new " + rowType.javaName() + " {a, b}, or a clone");
    }
    blocks.emit(new Stmt.Store(target, new Expr.NewArray(rowType, List.of(lengthOf(source)))));
    copy(target, source, null);
  }

  /**
   * {@code m[i] = new double[] {a, b}}: every element is computed first, as Java does before the
   * row changes (an element may read the old row), then stored into row {@code i}.
   */
  private void store(Expr.Element target, NewArrayTree initializer, Expr length,
      String matrixName, Function<ExpressionTree, Expr> translate) {
    Type rowType = target.array().type().elementType();
    ArrayInitializers.Layout layout = ArrayInitializers.read(initializer, rowType,
        matrixName + "[...]");
    sameLength(Expr.Literal.ofInt(layout.elements().size()), length, matrixName, initializer);
    storeAll(target, initializerValues(target, initializer, matrixName, translate));
  }

  /** The elements of the initializer of row {@code target}, each computed into a name first. */
  private List<Expr> initializerValues(Expr.Element target, NewArrayTree initializer,
      String matrixName, Function<ExpressionTree, Expr> translate) {
    Type rowType = target.array().type().elementType();
    ArrayInitializers.Layout layout = ArrayInitializers.read(initializer, rowType,
        matrixName + "[...]");
    List<Expr> values = new ArrayList<>();
    for (ArrayInitializers.Element element : layout.elements()) {
      Expr value = threeAddress.operation(translate.apply(element.value()));
      if (!value.isAtom()) {
        Variable computed = new Variable(names.fresh(matrixName + "Element"),
            rowType.elementType(), Variable.Kind.LOCAL);
        blocks.emit(new Stmt.Assign(computed, value, true));
        value = new Expr.Ref(computed);
      }
      values.add(value);
    }
    return values;
  }

  /** {@code target[0] = values[0]; target[1] = values[1]; ...}. */
  private void storeAll(Expr.Element target, List<Expr> values) {
    for (int j = 0; j < values.size(); j++) {
      List<Expr> indices = new ArrayList<>(target.indices());
      indices.add(Expr.Literal.ofInt(j));
      blocks.emit(new Stmt.Store(new Expr.Element(target.array(), indices), values.get(j)));
    }
  }

  /** The new row must have the old one's length, which the matrix's allocation fixed. */
  private void sameLength(Expr size, Expr length, String matrixName, Tree where) {
    if (!size.equals(length) && !(size instanceof Expr.Length a && length instanceof Expr.Length b
        && sameArray(a.array(), b.array()))) {
      throw new Unsupported(where, "the new row of " + matrixName + " must have the length of"
          + " its rows, written as in its allocation (" + text(length) + "): flatgrad keeps"
          + " the rows of a local matrix in place and copies a new row into them");
    }
  }

  private static boolean sameArray(Expr a, Expr b) {
    return a instanceof Expr.Ref x && b instanceof Expr.Ref y && x.variable() == y.variable();
  }

  private static String text(Expr length) {
    if (length instanceof Expr.Length of && of.array() instanceof Expr.Ref ref) {
      return ref.variable().name() + ".length";
    }
    if (length instanceof Expr.Ref ref) {
      return ref.variable().name();
    }
    return length instanceof Expr.Literal literal ? literal.text() : "its size";
  }

  /** An index evaluated once, as Java does: copied into an int unless it is a name or literal. */
  private Expr once(Expr index, String matrixName) {
    if (index.isAtom()) {
      return index;
    }
    Variable copy = new Variable(names.fresh(matrixName + "Row"), Type.INT,
        Variable.Kind.LOCAL);
    blocks.emit(new Stmt.Assign(copy, index, true));
    return new Expr.Ref(copy);
  }

  /**
   * {@code for (int j = 0; j < m[i].length; j++) m[i][j] = source[j];}, or {@code = 0} without
   * a source.
   */
  private void copy(Expr.Element target, Expr source, Type zeroType) {
    Variable j = new Variable(names.fresh("j"), Type.INT, Variable.Kind.LOCAL);
    Expr value;
    if (source == null) {
      value = Expr.defaultValue(zeroType);
    } else if (source instanceof Expr.Element row) {
      value = element(row, j);
    } else {
      value = new Expr.Element(((Expr.Ref) source).variable(), List.of(new Expr.Ref(j)));
    }
    Stmt store = new Stmt.Store(element(target, j), value);
    blocks.emit(Stmt.Loop.countingUp(j, new Expr.Length(target), List.of(store)));
  }

  /** The variable an array expression starts from: {@code x} in {@code x} and {@code x[k]}. */
  private static String root(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    while (core instanceof com.sun.source.tree.ArrayAccessTree access) {
      core = Unsupported.core(access.getExpression());
    }
    return core instanceof IdentifierTree identifier ? identifier.getName().toString() : null;
  }

  /**
   * Java would share the row between {@code m[i]} and {@code sourceName}; the copy behaves the
   * same unless code that runs later writes the source, reads it after writing the matrix, or
   * reads a view of the row that was replaced.
   */
  private void checkNotTold(Tree assignment, String sourceName, String matrixName,
      Map<String, Boolean> views) {
    if (sourceName == null) {
      throw new Unsupported(assignment, "replace a row of " + matrixName + " with an array"
          + " variable or a row of a matrix");
    }
    List<Tree> later = later(assignment, sourceName);
    Set<String> written = new java.util.HashSet<>();
    Set<String> read = new java.util.HashSet<>();
    Set<String> matrices = new java.util.HashSet<>(Set.of(matrixName));
    views.forEach((name, row) -> {
      if (!row) {
        matrices.add(name); // double[][] a = m;
      }
    });
    boolean matrixWritten = false;
    for (Tree tree : later) {
      written.addAll(Assigned.names(tree));
      read.addAll(readsBeyondLength(tree));
      matrixWritten |= writesElements(tree, matrices, views.keySet());
    }
    if (written.contains(sourceName)) {
      throw new Unsupported(assignment, "after " + matrixName + "[...] = " + sourceName + ", Java"
          + " shares one array between them, and the code after it writes " + sourceName
          + ", which flatgrad's copy of the row would not see; assign a clone ("
          + sourceName + ".clone()) or write the new row before assigning it");
    }
    if (read.contains(sourceName) && matrixWritten) {
      throw new Unsupported(assignment, "after " + matrixName + "[...] = " + sourceName + ", Java"
          + " shares one array between them, and the code after it writes " + matrixName
          + " and reads " + sourceName + ", which flatgrad's copy of the row would not"
          + " follow; assign a clone (" + sourceName + ".clone())");
    }
    for (String view : views.keySet()) {
      if (views.get(view) && read.contains(view)) {
        throw new Unsupported(assignment, view + " still refers to the row of " + matrixName
            + " that this assignment replaces, and the code after it reads " + view + "; copy"
            + " the old row first, or stop using " + view + " before the row is replaced");
      }
    }
  }

  /** The names {@code tree} reads, but for {@code a.length}: rows keep their length. */
  private static Set<String> readsBeyondLength(Tree tree) {
    Set<String> names = new java.util.HashSet<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        if (select.getIdentifier().contentEquals("length")
            && select.getExpression() instanceof IdentifierTree) {
          return null;
        }
        return super.visitMemberSelect(select, unused);
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        names.add(identifier.getName().toString());
        return null;
      }
    }.scan(tree, null);
    return names;
  }

  /**
   * Whether {@code tree} writes an element of the matrix (named in {@code matrices}) or of a view
   * of it; replacing a whole row, {@code m[k] = r}, writes no element the old row holds.
   */
  private static boolean writesElements(Tree tree, Set<String> matrices, Set<String> views) {
    boolean[] writes = {false};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(com.sun.source.tree.AssignmentTree assignment, Void unused) {
        ExpressionTree target = Unsupported.core(assignment.getVariable());
        boolean rowReplaced = target instanceof com.sun.source.tree.ArrayAccessTree access
            && Unsupported.core(access.getExpression()) instanceof IdentifierTree matrix
            && matrices.contains(matrix.getName().toString());
        if (!rowReplaced) {
          check(target);
        }
        return super.visitAssignment(assignment, unused);
      }

      @Override
      public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree compound,
          Void unused) {
        check(compound.getVariable());
        return super.visitCompoundAssignment(compound, unused);
      }

      @Override
      public Void visitUnary(com.sun.source.tree.UnaryTree unary, Void unused) {
        switch (unary.getKind()) {
          case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
              check(unary.getExpression());
          default -> {}
        }
        return super.visitUnary(unary, unused);
      }

      private void check(ExpressionTree target) {
        String name = root(target);
        if (name != null && (matrices.contains(name) || views.contains(name))) {
          writes[0] = true;
        }
      }
    }.scan(tree, null);
    return writes[0];
  }

  /**
   * The code that may run after {@code assignment}: what follows it in the method, and the loops
   * around it that do not also declare {@code sourceName} afresh in each iteration.
   */
  private List<Tree> later(Tree assignment, String sourceName) {
    TreePath path = TreePath.getPath(unit, assignment);
    if (path == null) {
      throw new Unsupported(assignment, "flatgrad cannot see the code around this row"
          + " assignment; assign a clone of the new row (" + sourceName + ".clone())");
    }
    List<Tree> enclosing = new ArrayList<>();
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      enclosing.add(0, p.getLeaf());
    }
    MethodTree method = null;
    int methodAt = 0;
    for (int k = 0; k < enclosing.size(); k++) {
      if (enclosing.get(k) instanceof MethodTree found) {
        method = found;
        methodAt = k;
      }
    }
    List<Tree> later = new ArrayList<>();
    if (method == null) {
      later.add(path.getCompilationUnit()); // no method around it: anything may follow
      return later;
    }
    long end = source.end(assignment);
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree != null && source.start(tree) > end) {
          later.add(tree);
          return null;
        }
        return super.scan(tree, unused);
      }
    }.scan(method.getBody(), null);
    // The loops inside the innermost block that declares the source come back to it.
    int from = methodAt;
    for (int k = methodAt; k < enclosing.size(); k++) {
      if (declares(enclosing.get(k), sourceName)) {
        from = k;
      }
    }
    for (int k = from + 1; k < enclosing.size(); k++) {
      Tree tree = enclosing.get(k);
      if (isLoop(tree)) {
        later.add(tree);
      }
    }
    return later;
  }

  private static boolean isLoop(Tree tree) {
    return switch (tree.getKind()) {
      case FOR_LOOP, ENHANCED_FOR_LOOP, WHILE_LOOP, DO_WHILE_LOOP -> true;
      default -> false;
    };
  }

  /** Whether {@code tree} declares a variable named {@code name} directly inside it. */
  private static boolean declares(Tree tree, String name) {
    List<? extends Tree> members = List.of();
    if (tree instanceof com.sun.source.tree.BlockTree block) {
      members = block.getStatements();
    } else if (tree instanceof com.sun.source.tree.ForLoopTree loop) {
      members = loop.getInitializer();
    } else if (tree instanceof EnhancedForLoopTree loop) {
      members = List.of(loop.getVariable());
    } else if (tree instanceof MethodTree method) {
      members = method.getParameters();
    }
    return members.stream().anyMatch(member ->
        member instanceof com.sun.source.tree.VariableTree variable
            && variable.getName().contentEquals(name));
  }
}
