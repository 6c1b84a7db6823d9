package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import java.util.List;

/**
 * Local variable declarations: their types ({@link LocalTypes}), scalars with or without an
 * initializer, references to arrays ({@link ArrayViews}), and arrays with storage of their own,
 * which {@link LocalArrays} declares. A declaration that fails still declares its name, as a
 * broken local, so that its uses are not reported again.
 */
final class Declarations {

  private final Blocks blocks;
  private final Scopes scopes;
  private final ExpressionTranslator expressions;
  private final ThreeAddress threeAddress;
  private final SideEffects sideEffects;
  private final LocalArrays arrays;
  private final ArrayViews views;
  private final LocalTypes types;
  private final Constants constants;
  private final Symbols symbols;
  private final TableChoices tables;
  private final RecordValues records;
  private final StringBuilders builders;

  Declarations(BodyContext context, LocalArrays arrays, Constants constants, Symbols symbols,
      RecordValues records, StringBuilders builders) {
    this.records = records;
    this.builders = builders;
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.expressions = context.expressions();
    this.threeAddress = context.threeAddress();
    this.sideEffects = context.sideEffects();
    this.arrays = arrays;
    this.views = new ArrayViews(context.blocks(), context.names());
    this.types = new LocalTypes(constants);
    this.constants = constants;
    this.symbols = symbols;
    this.tables = new TableChoices(context, constants);
  }

  /** The statement {@code declaration}, a local variable's. */
  void statement(VariableTree declaration) {
    String userName = declaration.getName().toString();
    Tree typeTree = declaration.getType();
    boolean inferred = typeTree == null || typeTree.toString().equals("var");
    ExpressionTree initializer = declaration.getInitializer();
    boolean record = records.declares(declaration);
    if (record || builders.declares(declaration)) {
      try {
        if (record) {
          records.declare(declaration); // Complex z = new Complex(x, y);
        } else {
          builders.declare(declaration); // StringBuilder sb = new StringBuilder();
        }
      } catch (Unsupported unsupported) {
        scopes.declareBroken(userName);
        throw unsupported;
      }
      return;
    }
    Type declared = null;
    if (!inferred) {
      try {
        declared = types.localType(typeTree, userName);
      } catch (Unsupported unsupported) {
        scopes.declareBroken(userName);
        throw unsupportedLocalType(unsupported, typeTree, initializer);
      }
    }
    Unsupported stale = scopes.reallocated().stale(declaration, declaration);
    if (stale != null) {
      scopes.declareBroken(userName);
      throw stale;
    }
    if (scopes.reallocated().contains(declaration)
        && (initializer == null || !ReallocatedArrays.isAllocation(initializer))) {
      scopes.declareBroken(userName);
      throw new Unsupported(initializer == null ? declaration : initializer, "the array "
          + userName + " is reallocated, so initialize it with a new array too, as in new "
          + declared.javaName().replace("[]", "[n]") + ", {a, b} or x.clone()");
    }
    if (scopes.chosenTables().contains(declaration)) {
      try {
        tables.declare(userName, declared, initializer);
      } catch (Unsupported unsupported) {
        scopes.declareBroken(userName);
        throw unsupported;
      }
      return;
    }
    if (scopes.swapped().isMember(declaration)) {
      try {
        arrays.reassignedArray(userName, initializer, declaration);
      } catch (Unsupported unsupported) {
        scopes.declareBroken(userName);
        throw unsupported;
      }
      return;
    }
    if (initializer == null) {
      if (declared == null) {
        scopes.declareBroken(userName);
        throw new Unsupported(declaration, "cannot infer type for local variable " + userName
            + " (cannot use 'var' on variable without initializer)");
      }
      if (declared.isArray()) {
        scopes.declareBroken(userName);
        throw new Unsupported(declaration, "declare the array " + userName + " with its size,"
            + " as in new double[n], or with its elements, as in {a, b}");
      }
      scopes.declare(userName, new Local(userName, declared, blocks.current(), false,
          declared == Type.ENUM ? constants.enumType(typeTree).orElseThrow() : null));
      return;
    }
    try {
      if (initializer.getKind() == Tree.Kind.NEW_ARRAY) {
        arrays.newArray(userName, declared, initializer);
      } else if (Clones.source(initializer) != null) {
        arrays.clonedArray(userName, declared, Clones.source(initializer), null, initializer);
      } else if (Clones.copyOf(initializer, symbols) != null) {
        Clones.CopyOf copy = Clones.copyOf(initializer, symbols);
        arrays.clonedArray(userName, declared, copy.source(), copy.length(), initializer);
      } else if (declared == Type.DOUBLE_MATRIX && arrays.inlinedMatrix(userName, initializer)) {
        return; // double[][] l = cholesky(k): the helper's body in place, l its matrix
      } else if (Unsupported.core(initializer) instanceof MethodInvocationTree call
          && (!blocks.atMethodTopLevel() || arrays.takesArrayHelperCall(call))
          && (declared == null || declared.isArray())
          && arrays.inlinedVectorCall(userName, call)) {
        // double[] k2 = f(axpy(h, k1, y)); in a loop, or anywhere with a helper's array as an
        // argument: the helpers' bodies in place
        return;
      } else {
        sideEffects.prepare(initializer, declared);
        Expr value = expressions.translate(initializer);
        if (value instanceof Expr.Invoke && value.type().isArray()) {
          arrays.vectorCall(userName, declared, initializer, value); // var r = residual(p);
          return;
        }
        if (value.type().isArray() || declared != null && declared.isArray()) {
          List<? extends Tree> scope = scopes.following(declaration);
          scopes.declareView(userName, views.view(userName, declared, value, initializer, scope));
          return;
        }
        Type type = declared == null ? value.type() : declared;
        LocalTypes.checkAssignable(type, value, initializer);
        Local local = new Local(userName, type, blocks.current(), false,
            types.enumClass(typeTree, value, initializer));
        scopes.define(local, threeAddress.operation(value));
        scopes.declare(userName, local);
      }
    } catch (Unsupported unsupported) {
      scopes.declareBroken(userName);
      throw unsupported;
    }
  }

  /**
   * Declares the local {@code userName} with the type {@code typeTree} names ({@code var} or null:
   * the value's) and the value {@code value}, as {@code double v = x[i];} would: how lowerings
   * declare the user's variables.
   */
  void declareLocal(String userName, Tree typeTree, Expr value, Tree where) {
    try {
      boolean inferred = typeTree == null || typeTree.toString().equals("var");
      Type type = inferred ? value.type() : types.localType(typeTree, userName);
      if (type.isArray()) {
        // for (double[] row : m): the row view double[] row = m[i], i the loop's own counter.
        if (type != value.type()) {
          throw new Unsupported(where, "incompatible types: " + value.type().javaName()
              + " cannot be converted to " + type.javaName());
        }
        scopes.declareView(userName, value);
        return;
      }
      LocalTypes.checkAssignable(type, value, where);
      Local local = new Local(userName, type, blocks.current(), false,
          types.enumClass(inferred ? null : typeTree, value, where));
      scopes.define(local, threeAddress.operation(value));
      scopes.declare(userName, local);
    } catch (Unsupported unsupported) {
      scopes.declareBroken(userName);
      throw unsupported;
    }
  }

  /**
   * What to report for a local of an unsupported type: nothing more if the type is a local class
   * already reported; the initializer if it is a lambda, a method reference or an object, since
   * that is what the user must change; else the type.
   */
  private Unsupported unsupportedLocalType(Unsupported typeProblem, Tree typeTree,
      ExpressionTree initializer) {
    if (expressions.mentionsReportedType(typeTree)) {
      return Unsupported.alreadyReported();
    }
    ExpressionTree core = initializer == null ? null : Unsupported.core(initializer);
    if (core != null && (core.getKind() == Tree.Kind.LAMBDA_EXPRESSION
        || core.getKind() == Tree.Kind.MEMBER_REFERENCE
        || core.getKind() == Tree.Kind.NEW_CLASS)) {
      return expressions.dependsOnReported(core)
          ? Unsupported.alreadyReported()
          : Unsupported.writeItsComputationOut(core);
    }
    return typeProblem;
  }
}
