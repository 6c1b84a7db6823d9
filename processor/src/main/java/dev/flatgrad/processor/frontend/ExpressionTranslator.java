package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.RecordParameter;
import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.ir.UnaryOperator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Translates a Java expression into an IR expression tree, checking types as javac would for
 * flatgrad's subset. It emits nothing: {@link ThreeAddress} later splits double computations into
 * one operation per statement, while conditions, indices and int arithmetic stay whole.
 */
final class ExpressionTranslator {

  private final Function<String, Local> scope;
  private final Predicate<String> reportedType;
  private final RecordAccessors records;
  private final CallResolver calls;
  private final Constants constants;
  private final SourceText sourceText;
  /** Subexpressions already computed by statements before the expression: see SideEffects. */
  private final Map<Tree, Expr> computed = new IdentityHashMap<>();
  private final ForeignCalls foreign;
  private final BuilderValues builders;

  /**
   * {@code scope} finds a local variable by name; {@code reportedType} tells whether a name is
   * that of a local class (or record, enum, interface) whose declaration was already reported.
   */
  ExpressionTranslator(
      Function<String, Local> scope, Predicate<String> reportedType, RecordAccessors records,
      CallResolver calls, Constants constants, SourceText sourceText, ForeignCalls foreign) {
    this.foreign = foreign;
    this.scope = scope;
    this.reportedType = reportedType;
    this.records = records;
    this.calls = calls;
    this.constants = constants;
    this.sourceText = sourceText;
    this.builders = new BuilderValues(scope, this::translate, this::stored);
  }

  /** StringBuilders read in expressions. */
  BuilderValues builders() {
    return builders;
  }

  /** From now on, {@code tree} translates to {@code value}, which statements already computed. */
  void computed(Tree tree, Expr value) {
    computed.put(tree, value);
  }

  /**
   * Forgets what was computed inside {@code subtree}: a helper inlined again (at another call)
   * computes its side effects and stream reductions anew, into variables of its own.
   */
  void forgetComputed(Tree subtree) {
    if (computed.isEmpty()) {
      return;
    }
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree != null) {
          computed.remove(tree);
        }
        return super.scan(tree, unused);
      }
    }.scan(subtree, null);
  }

  boolean isComputed(Tree tree) {
    return computed.containsKey(tree);
  }

  Expr translate(ExpressionTree tree) {
    Expr done = computed.get(tree);
    if (done != null) {
      return done;
    }
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return translate(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL:
      case LONG_LITERAL:
      case FLOAT_LITERAL:
      case DOUBLE_LITERAL:
        return literal((LiteralTree) tree, false);
      case CHAR_LITERAL:
        return charLiteral((LiteralTree) tree);
      case BOOLEAN_LITERAL:
        return Expr.Literal.ofBoolean((Boolean) ((LiteralTree) tree).getValue());
      case STRING_LITERAL:
        return new Expr.Text((String) ((LiteralTree) tree).getValue());
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) tree);
      case ARRAY_ACCESS:
        return element((ArrayAccessTree) tree);
      case UNARY_MINUS:
      case UNARY_PLUS:
        return sign((UnaryTree) tree);
      case LOGICAL_COMPLEMENT:
        return new Expr.Unary(UnaryOperator.NOT,
            condition(((UnaryTree) tree).getExpression()), Type.BOOLEAN);
      case PLUS:
      case MINUS:
      case MULTIPLY:
      case DIVIDE:
      case REMAINDER:
        return arithmetic((BinaryTree) tree);
      case LESS_THAN:
      case LESS_THAN_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_EQUAL:
      case EQUAL_TO:
      case NOT_EQUAL_TO:
        return comparison((BinaryTree) tree);
      case CONDITIONAL_AND:
      case CONDITIONAL_OR:
        return logical((BinaryTree) tree);
      case LEFT_SHIFT:
      case RIGHT_SHIFT:
      case UNSIGNED_RIGHT_SHIFT:
      case AND:
      case XOR:
      case OR:
        return bitwise((BinaryTree) tree);
      case BITWISE_COMPLEMENT:
        return complement((UnaryTree) tree);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) tree);
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) tree);
      case TYPE_CAST:
        return cast((TypeCastTree) tree);
      case LAMBDA_EXPRESSION:
      case MEMBER_REFERENCE:
        throw Unsupported.writeItsComputationOut(tree);
      case NEW_ARRAY:
        if (dependsOnReported(tree)) {
          throw Unsupported.alreadyReported();
        }
        // Arrays are supported, as locals: only creating one inside an expression is not.
        throw new Unsupported(tree, "an array created inside an expression is not supported:"
            + " create it in a declaration of its own, such as double[] v = new double[] {...};,"
            + " and use the local here");
      default:
        if (dependsOnReported(tree)) {
          throw Unsupported.alreadyReported();
        }
        throw new Unsupported(tree, Describe.expression(tree) + " is not supported in a"
            + " @Differentiable method; use double and int arithmetic, arrays, Math functions"
            + " and Activations");
    }
  }

  /**
   * Whether {@code tree} is made from something whose error was already reported: a broken local
   * ({@code square} in {@code square.applyAsDouble(x)}), or a local class that was reported
   * ({@code new Helper()}, {@code Helper.twice(x)}). A problem with such a tree is a follow-on
   * of that error, not a new one.
   */
  boolean dependsOnReported(ExpressionTree tree) {
    ExpressionTree part = tree;
    while (true) {
      switch (part.getKind()) {
        case PARENTHESIZED -> part = ((ParenthesizedTree) part).getExpression();
        case TYPE_CAST -> {
          TypeCastTree cast = (TypeCastTree) part;
          if (mentionsReportedType(cast.getType())) {
            return true;
          }
          part = cast.getExpression();
        }
        case MEMBER_SELECT -> part = ((MemberSelectTree) part).getExpression();
        case METHOD_INVOCATION -> part = ((MethodInvocationTree) part).getMethodSelect();
        case ARRAY_ACCESS -> part = ((ArrayAccessTree) part).getExpression();
        case NEW_CLASS -> {
          return mentionsReportedType(((NewClassTree) part).getIdentifier());
        }
        case NEW_ARRAY -> {
          Tree type = ((NewArrayTree) part).getType();
          return type != null && mentionsReportedType(type);
        }
        case IDENTIFIER -> {
          String name = ((IdentifierTree) part).getName().toString();
          Local local = scope.apply(name);
          // A variable's name hides a class's of the same name, as in Java.
          return local != null ? local.isBroken() : reportedType.test(name);
        }
        default -> {
          return false;
        }
      }
    }
  }

  /** Whether the type {@code type} names a local class whose declaration was reported. */
  boolean mentionsReportedType(Tree type) {
    boolean[] mentions = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        mentions[0] |= reportedType.test(identifier.getName().toString());
        return null;
      }
    }.scan(type, null);
    return mentions[0];
  }

  /**
   * Whether {@code tree} reads a value: a local, a string literal, a field such as Mode.A, a
   * builder's String.
   */
  private boolean isValue(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    if (core instanceof ArrayAccessTree access) {
      return isValue(access.getExpression()); // names[i].equals("bias")
    }
    return local(core) != null || core.getKind() == Tree.Kind.STRING_LITERAL
        || constants.namesField(core) || builders.isToString(core); // sb.toString().equals(s)
  }

  /**
   * {@link #isValue}, a concatenation ({@code ("x" + kind)}), or a string method of one: {@code
   * kind.trim()}.
   */
  private boolean isValueOrItsMethod(ExpressionTree tree) {
    return isValue(tree) || Unsupported.core(tree).getKind() == Tree.Kind.PLUS
        || Unsupported.core(tree) instanceof MethodInvocationTree call
        && StringMethods.isCandidate(call)
        && isValueOrItsMethod(((MemberSelectTree) call.getMethodSelect()).getExpression());
  }

  /** A {@code boolean} expression, as in an {@code if} or a loop condition. */
  Expr condition(ExpressionTree tree) {
    Expr condition = translate(tree);
    if (condition.type() != Type.BOOLEAN) {
      throw new Unsupported(tree, "incompatible types: " + condition.type().javaName()
          + " cannot be converted to boolean");
    }
    return condition;
  }

  /**
   * An {@code int} expression, as in an array index or dimension; {@code short}, {@code byte}
   * and {@code char} ones are promoted to int, as Java does.
   */
  Expr integer(ExpressionTree tree) {
    Expr value = translate(tree);
    if (Type.promote(value.type()) != Type.INT) {
      throw new Unsupported(tree, "incompatible types: " + value.type().javaName()
          + " cannot be converted to int here");
    }
    return value;
  }

  /** The local variable an identifier names, or null if it names none. */
  /**
   * Fails if {@code writer} writing into {@code array}, what {@code tree} translated to, would
   * change a table held in a field: named directly, through an alias ({@code double[] a = A;})
   * or through a local that chooses among tables. A @Differentiable method reads fields as data.
   */
  void requireWritable(ExpressionTree tree, Expr array, String writer) {
    ExpressionTree root = Unsupported.core(tree);
    while (root instanceof ArrayAccessTree access) {
      root = Unsupported.core(access.getExpression());
    }
    Local local = local(root);
    Variable variable = array instanceof Expr.Ref ref ? ref.variable()
        : array instanceof Expr.Element element ? element.array() : null;
    if (variable != null && constants.isTable(variable)
        || local != null && local.isTableChoice()) {
      throw new Unsupported(tree, writer + " would change " + root + ", which refers to a table"
          + " held in a field: a @Differentiable method reads fields as data and never changes"
          + " them; copy it into a local array first, as in " + root + ".clone()");
    }
  }

  Local local(ExpressionTree tree) {
    return tree instanceof IdentifierTree identifier
        ? scope.apply(identifier.getName().toString())
        : records.leaf(tree);
  }

  Expr read(Local local, Tree use) {
    if (local.isBuilder() && !local.isBroken()) {
      throw BuilderValues.notAValue(local, use);
    }
    return stored(local, use);
  }

  /** What {@link #read} reads, a builder's String too. */
  private Expr stored(Local local, Tree use) {
    if (local.isBroken()) {
      throw Unsupported.alreadyReported();
    }
    if (local.record() != null) {
      throw new Unsupported(use, local.userName() + " is a record, not a number; read a"
          + " component of it through its accessor, or call one of its methods");
    }
    if (local.lambda() != null) {
      throw new Unsupported(use, local.userName() + " is a lambda, which flatgrad translates"
          + " where it is called: call it, or pass it to a method of this file");
    }
    if (local.anonymous() != null) {
      throw new Unsupported(use, local.userName() + " is an object of an anonymous class, whose"
          + " methods flatgrad translates where they are called: call them, or pass it to a"
          + " method of this file");
    }
    if (local.view() != null) {
      return local.view();
    }
    if (local.current() == null) {
      throw new Unsupported(use, "variable " + local.userName()
          + " might not have been initialized");
    }
    if (local.rows() != null) { // a reassigned array: the row its int numbers
      return new Expr.Element(local.rows(), List.of(new Expr.Ref(local.current())));
    }
    return new Expr.Ref(local.current());
  }

  private Expr literal(LiteralTree literal, boolean negated) {
    String text = sourceText.of(literal).orElse(String.valueOf(literal.getValue()));
    double value = ((Number) literal.getValue()).doubleValue();
    Type type = switch (literal.getKind()) {
      case INT_LITERAL -> Type.INT;
      case LONG_LITERAL -> Type.LONG;
      case FLOAT_LITERAL -> Type.FLOAT;
      default -> Type.DOUBLE;
    };
    if (!negated) {
      return new Expr.Literal(type, text, value);
    }
    // javac reads "-2" as one literal whose text has the sign, so "- -2" negates "-2".
    return new Expr.Literal(type, text.startsWith("-") ? text.substring(1) : "-" + text, -value);
  }

  /** {@code 'a'}, as written (escapes included): a {@code char}, its value the code unit. */
  private Expr charLiteral(LiteralTree literal) {
    char c = (Character) literal.getValue();
    String text = sourceText.of(literal).orElse(null);
    if (text == null || !text.startsWith("'")) {
      text = String.format("'\\u%04x'", (int) c);
    }
    return new Expr.Literal(Type.CHAR, text, c);
  }

  private Expr identifier(IdentifierTree identifier) {
    // A local first: an inlined helper's local may be named like the caller's record parameter.
    Local local = scope.apply(identifier.getName().toString());
    if (local != null) {
      return read(local, identifier);
    }
    if (records.isRecord(identifier.getName().toString())) {
      throw RecordAccessors.notAValue(identifier);
    }
    return constants.unqualified(identifier);
  }

  private Expr memberSelect(MemberSelectTree select) {
    if (dependsOnReported(select.getExpression())) {
      throw Unsupported.alreadyReported();
    }
    Local field = records.leaf(select);
    if (field != null) {
      return read(field, select); // other.re inside a method of a record held as a value
    }
    if (select.getIdentifier().contentEquals("length")) {
      Local local = local(select.getExpression());
      if (local != null || select.getExpression() instanceof ArrayAccessTree
          || constants.namesField(select.getExpression())) {
        Expr array = translate(select.getExpression());
        if (!array.type().isArray()) {
          throw new Unsupported(select, "cannot find symbol: length is a field of arrays only");
        }
        return new Expr.Length(array);
      }
    }
    return constants.qualified(select);
  }

  /** {@code a[i]} or {@code a[i][j]}: an element, or a row of a matrix. */
  Expr.Element element(ArrayAccessTree access) {
    List<Expr> indices = new ArrayList<>();
    ExpressionTree array = access;
    while (array instanceof ArrayAccessTree nested) {
      indices.add(0, integer(nested.getIndex()));
      array = nested.getExpression();
    }
    Local local = local(array);
    if (local == null && constants.namesField(array)) {
      // A field's array, read into a local first: a coefficient table, self.weights.
      Expr field = translate(array);
      if (!(field instanceof Expr.Ref ref) || indices.size() > dimensions(ref.type())) {
        throw new Unsupported(access, "array required, but " + field.type().javaName()
            + " found");
      }
      return new Expr.Element(ref.variable(), indices);
    }
    if (local == null) {
      if (dependsOnReported(array)) {
        throw Unsupported.alreadyReported();
      }
      if (array instanceof IdentifierTree identifier) {
        String name = identifier.getName().toString();
        throw new Unsupported(array, constants.isField(name)
            ? "only arrays held in parameters and local variables can be indexed; pass " + name
                + " in as a parameter"
            : "cannot find symbol: variable " + name);
      }
      throw new Unsupported(array, "only arrays held in parameters and local variables can be"
          + " indexed");
    }
    Expr ref = read(local, array);
    if (indices.size() > dimensions(ref.type())) {
      throw new Unsupported(access, "array required, but " + ref.type().javaName() + " found");
    }
    if (ref instanceof Expr.Element row) { // a row view: row[j] is m[i][j]
      List<Expr> all = new ArrayList<>(row.indices());
      all.addAll(indices);
      return new Expr.Element(row.array(), all);
    }
    return new Expr.Element(((Expr.Ref) ref).variable(), indices);
  }

  private static int dimensions(Type type) {
    int dimensions = 0;
    for (Type t = type; t.isArray(); t = t.elementType()) {
      dimensions++;
    }
    return dimensions;
  }

  private Expr sign(UnaryTree unary) {
    ExpressionTree operand = unary.getExpression();
    boolean minus = unary.getKind() == Tree.Kind.UNARY_MINUS;
    if (minus && (operand.getKind() == Tree.Kind.INT_LITERAL
        || operand.getKind() == Tree.Kind.LONG_LITERAL
        || operand.getKind() == Tree.Kind.FLOAT_LITERAL
        || operand.getKind() == Tree.Kind.DOUBLE_LITERAL)) {
      return literal((LiteralTree) operand, true);
    }
    Expr value = numeric(operand);
    return new Expr.Unary(minus ? UnaryOperator.NEGATE : UnaryOperator.PLUS, value,
        Type.promote(value.type()));
  }

  private Expr arithmetic(BinaryTree binary) {
    if (binary.getKind() == Tree.Kind.PLUS && (builders.isBuilder(binary.getLeftOperand())
        || builders.isBuilder(binary.getRightOperand()))) {
      return builders.concatenation(binary); // "got " + sb
    }
    Expr left = translate(binary.getLeftOperand());
    Expr right = translate(binary.getRightOperand());
    if (binary.getKind() == Tree.Kind.PLUS
        && (left.type() == Type.STRING || right.type() == Type.STRING)) {
      return Strings.concat(left, right);
    }
    left = numeric(binary.getLeftOperand(), left);
    right = numeric(binary.getRightOperand(), right);
    BinaryOperator operator = Operators.arithmetic(binary);
    Type type = Type.promote(left.type(), right.type());
    return new Expr.Binary(operator, left, right, type);
  }

  private Expr comparison(BinaryTree binary) {
    if (builders.isBuilder(binary.getLeftOperand())
        || builders.isBuilder(binary.getRightOperand())) {
      throw BuilderValues.identity(binary);
    }
    if (OptionalArrays.isNull(binary.getLeftOperand())
        || OptionalArrays.isNull(binary.getRightOperand())) {
      return nullComparison(binary);
    }
    Expr left = translate(binary.getLeftOperand());
    Expr right = translate(binary.getRightOperand());
    BinaryOperator operator = Operators.comparison(binary);
    // Booleans, and enum values (compared by identity, as Java does), only for == and !=.
    boolean same = left.type() == right.type()
        && (left.type() == Type.BOOLEAN || left.type() == Type.ENUM);
    if (!(same && (operator == BinaryOperator.EQUAL || operator == BinaryOperator.NOT_EQUAL))
        && !(isNumber(left) && isNumber(right))) {
      throw new Unsupported(binary, "bad operand types for " + operator.symbol() + ": "
          + left.type().javaName() + " and " + right.type().javaName());
    }
    return new Expr.Binary(operator, left, right, Type.BOOLEAN);
  }

  /** {@code weights == null}: an array compared with null, the way optional arrays are tested. */
  private Expr nullComparison(BinaryTree binary) {
    BinaryOperator operator = Operators.comparison(binary);
    ExpressionTree other = OptionalArrays.isNull(binary.getLeftOperand())
        ? binary.getRightOperand()
        : binary.getLeftOperand();
    Expr array = OptionalArrays.isNull(other) ? null : translate(other);
    if (!(array instanceof Expr.Ref ref) || !(ref.type().isArray() || ref.type() == Type.STRING)
        || !(operator == BinaryOperator.EQUAL || operator == BinaryOperator.NOT_EQUAL)) {
      throw new Unsupported(binary, "only an array or String parameter or local can be compared"
          + " with null (weights == null, as optional arguments are tested)");
    }
    return new Expr.Binary(operator, array, new Expr.Null(array.type()), Type.BOOLEAN);
  }

  private Expr logical(BinaryTree binary) {
    BinaryOperator operator = binary.getKind() == Tree.Kind.CONDITIONAL_AND
        ? BinaryOperator.AND
        : BinaryOperator.OR;
    return new Expr.Binary(operator, condition(binary.getLeftOperand()),
        condition(binary.getRightOperand()), Type.BOOLEAN);
  }

  /**
   * A shift, whose type is its left operand's (promoted), or {@code & ^ |} of two integers
   * (promoted together) or of two booleans, which Java evaluates both of.
   */
  private Expr bitwise(BinaryTree binary) {
    Expr left = translate(binary.getLeftOperand());
    Expr right = translate(binary.getRightOperand());
    BinaryOperator operator = Operators.bitwise(binary);
    if (left.type().isIntegral() && right.type().isIntegral()) {
      Type type = operator.isShift()
          ? Type.promote(left.type())
          : Type.promote(left.type(), right.type());
      return new Expr.Binary(operator, left, right, type);
    }
    boolean logical = operator == BinaryOperator.BITWISE_AND
        || operator == BinaryOperator.BITWISE_XOR || operator == BinaryOperator.BITWISE_OR;
    if (logical && left.type() == Type.BOOLEAN && right.type() == Type.BOOLEAN) {
      return new Expr.Binary(operator, left, right, Type.BOOLEAN);
    }
    throw new Unsupported(binary, "bad operand types for " + operator.symbol() + ": "
        + left.type().javaName() + " and " + right.type().javaName() + "; shifts and bitwise"
        + " operators take integers (and & ^ | booleans), never doubles");
  }

  private Expr complement(UnaryTree tree) {
    Expr operand = translate(tree.getExpression());
    if (!operand.type().isIntegral()) {
      throw new Unsupported(tree, "bad operand type for ~: " + operand.type().javaName());
    }
    return new Expr.Unary(UnaryOperator.COMPLEMENT, operand, Type.promote(operand.type()));
  }

  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = condition(tree.getCondition());
    Expr whenTrue = translate(tree.getTrueExpression());
    Expr whenFalse = translate(tree.getFalseExpression());
    Type type;
    if (whenTrue.type() == whenFalse.type() && !whenTrue.type().isArray()) {
      type = whenTrue.type();
    } else if (isNumber(whenTrue) && isNumber(whenFalse)) {
      type = DataTypes.conditional(whenTrue, whenFalse);
    } else if (whenTrue.type().isArray() && whenTrue.type() == whenFalse.type()) {
      throw new Unsupported(tree, "choosing an array with ?: is not supported; use if/else and"
          + " index the arrays in each branch");
    } else {
      throw new Unsupported(tree, "the branches of ?: must both be numbers or both booleans");
    }
    return new Expr.Conditional(condition, whenTrue, whenFalse, type);
  }

  private Expr call(MethodInvocationTree call) {
    Local value = records.leaf(call);
    if (value != null) {
      return read(value, call); // m.w1(): a value inside a record parameter
    }
    if (call.getMethodSelect() instanceof MemberSelectTree select
        && dependsOnReported(select.getExpression())) {
      throw Unsupported.alreadyReported();
    }
    Expr builderCall = builders.call(call);
    if (builderCall != null) {
      return builderCall; // sb.toString(), sb.length()
    }
    if (Equality.isEquals(call) && isValue(
        ((MemberSelectTree) call.getMethodSelect()).getExpression())) {
      Expr equality = Equality.of(call, this::translate);
      if (equality != null) {
        return equality;
      }
    }
    if (StringMethods.isCandidate(call) && isValueOrItsMethod(
        ((MemberSelectTree) call.getMethodSelect()).getExpression())) {
      Expr stringCall = StringMethods.of(call, this::translate);
      if (stringCall != null) {
        return stringCall;
      }
    }
    if (foreign != null && call.getMethodSelect() instanceof MemberSelectTree select) {
      Local held = local(Unsupported.core(select.getExpression()));
      if (held != null && held.type() == Type.ENUM && held.enumClass() != null) {
        Optional<Expr> enumCall = foreign.enumMethod(call, read(held, select.getExpression()),
            held.enumClass(), this::translate);
        if (enumCall.isPresent()) {
          return enumCall.get(); // type.sign() of an enum parameter or local
        }
      }
      if (held == null && constants.namesEnumConstant(Unsupported.core(select.getExpression()))
          && translate(select.getExpression()) instanceof Expr.Constant constant) {
        Optional<Expr> enumCall = foreign.enumMethod(call, constant, constant.owner(),
            this::translate);
        if (enumCall.isPresent()) {
          return enumCall.get(); // Mode.LO.sign() of an enum constant
        }
      }
    }
    // A static field's initializer (no foreign calls there) computes only what it copies.
    if (foreign != null && !calls.differentiates(call)) {
      var passive = foreign.candidates(call, true);
      if (passive.isPresent()) {
        return foreign.value(call, passive.get(), this::translate);
      }
    }
    CallResolver.Target target = calls.resolve(call);
    if (target.method() != null) {
      return invoke(call, target.method());
    }
    Primitive primitive = target.primitive();
    List<? extends ExpressionTree> argumentTrees = call.getArguments();
    if (argumentTrees.size() != primitive.arity()) {
      throw new Unsupported(call, Describe.primitive(primitive) + " takes " + primitive.arity()
          + (primitive.arity() == 1 ? " argument" : " arguments") + ", not "
          + argumentTrees.size());
    }
    List<Expr> arguments = new ArrayList<>();
    for (ExpressionTree argument : argumentTrees) {
      arguments.add(numeric(argument));
    }
    return new Expr.Call(primitive, arguments, DataTypes.result(primitive, arguments),
        target.strict());
  }

  /** A call of another {@code @Differentiable} method, its arguments checked against it. */
  private Expr invoke(MethodInvocationTree call, ExecutableElement method) {
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    List<Boolean> differentiated = new ArrayList<>();
    List<Parameter.Field> fields = new ArrayList<>();
    Map<String, RecordType> recordParameters = new HashMap<>();
    Set<String> wrt = SignatureReader.wrtNames(method);
    List<String> declared = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      declared.add(name);
      if (RecordTypes.isRecord(parameter.asType())) {
        RecordType record = recordType(call, method, parameter);
        recordParameters.put(name, record);
        // Passed as its values, one parameter each, as the callee's own IR reads it.
        RecordParameter whole = new RecordParameter(name, record, null, null, null);
        for (RecordType.Leaf leaf : record.leaves()) {
          names.add(name + "." + String.join("().", leaf.path()) + "()");
          types.add(leaf.type());
          differentiated.add(wrt.contains(name));
          fields.add(new Parameter.Field(whole, leaf.path()));
        }
        continue;
      }
      Type type = SignatureReader.typeOf(parameter).orElseThrow(() -> new Unsupported(call,
          method.getSimpleName() + " has a parameter of unsupported type " + parameter.asType()));
      names.add(name);
      types.add(type);
      differentiated.add(wrt.contains(name));
      fields.add(null);
    }
    if (!wrt.isEmpty() && !declared.containsAll(wrt)) {
      // A class file compiled without -parameters or -g keeps no parameter names (arg0, ...).
      throw new Unsupported(call, "cannot tell which parameters of " + method.getSimpleName()
          + " its wrt " + wrt + " names: its class file has no parameter names; compile its"
          + " library with -parameters (or -g)");
    }
    List<Expr> arguments = new ArrayList<>();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      // Another instance method on this: its generated methods take self first.
      if (!constants.isReceiverMember(method)) {
        throw new Unsupported(call, method.getSimpleName() + " is an instance method of an"
            + " enclosing instance, not of this method's receiver; make it static");
      }
      names.add(0, SignatureReader.RECEIVER);
      types.add(0, Type.RECEIVER);
      differentiated.add(0, false);
      fields.add(0, null);
      arguments.add(new Expr.Ref(constants.receiver()));
    }
    List<? extends ExpressionTree> argumentTrees = call.getArguments();
    for (int i = 0; i < argumentTrees.size(); i++) {
      ExpressionTree tree = argumentTrees.get(i);
      RecordType record = recordParameters.get(declared.get(i));
      if (record != null) {
        arguments.addAll(recordArgument(tree, record));
        continue;
      }
      Type expected = types.get(arguments.size());
      Expr argument = translate(tree);
      boolean fits = argument.type().widensTo(expected) || argument.type() == Type.ENUM
          && expected == Type.ENUM; // javac checks which enum
      if (!fits && method.isVarArgs() && i == argumentTrees.size() - 1) {
        throw new Unsupported(tree, "calls to " + method.getSimpleName() + "(...) with values"
            + " for its variable arguments are not supported: pass them in one array");
      }
      if (!fits) {
        throw new Unsupported(tree, "incompatible types: " + argument.type().javaName()
            + " cannot be converted to " + expected.javaName());
      }
      if (expected.isArray() && !(argument instanceof Expr.Ref)
          && !(argument instanceof Expr.Element)) {
        throw new Unsupported(tree, "pass an array variable here");
      }
      arguments.add(argument);
    }
    Callee callee = new Callee(Constants.classId((TypeElement) method.getEnclosingElement()),
        method.getSimpleName().toString(), names, types, differentiated, false,
        SignatureReader.returnType(method).orElse(Type.DOUBLE),
        ImplicitHelpers.unreachable(method), fields);
    return new Expr.Invoke(callee, arguments);
  }

  /** The record type of a callee's record parameter, or why it is not supported. */
  private static RecordType recordType(MethodInvocationTree call, ExecutableElement method,
      VariableElement parameter) {
    try {
      return RecordTypes.read(parameter.asType());
    } catch (RecordTypes.Problem problem) {
      throw new Unsupported(call, "parameter " + parameter.getSimpleName() + " of "
          + method.getSimpleName() + ": " + problem.getMessage());
    }
  }

  /**
   * A record argument as the values inside it, in the callee's order: it must be one of this
   * method's record parameters, or a record inside one, as records are not values here.
   */
  private List<Expr> recordArgument(ExpressionTree tree, RecordType record) {
    Map<List<String>, Local> values = records.record(tree);
    if (values == null) {
      throw new Unsupported(tree, "pass a record parameter of this method, or a record inside"
          + " one (such as m.layer()), here: records are not values in a @Differentiable"
          + " method");
    }
    List<Expr> arguments = new ArrayList<>();
    for (RecordType.Leaf leaf : record.leaves()) {
      arguments.add(read(values.get(leaf.path()), tree));
    }
    return arguments;
  }

  private Expr cast(TypeCastTree cast) {
    Type target = cast.getType() instanceof PrimitiveTypeTree primitive
        ? DataTypes.primitive(primitive.getPrimitiveTypeKind())
        : null;
    if (target == Type.BOOLEAN) {
      target = null;
    }
    if (target == null) {
      ExpressionTree operand = Unsupported.core(cast.getExpression());
      if (mentionsReportedType(cast.getType()) || dependsOnReported(operand)) {
        throw Unsupported.alreadyReported();
      }
      if (operand.getKind() == Tree.Kind.LAMBDA_EXPRESSION
          || operand.getKind() == Tree.Kind.MEMBER_REFERENCE) {
        // (DoubleUnaryOperator) v -> v * v: the lambda is what to change, not the cast.
        throw Unsupported.writeItsComputationOut(operand);
      }
      throw new Unsupported(cast, "casts to " + cast.getType() + " are not supported; only"
          + " casts to primitive number types are");
    }
    Expr value = numeric(cast.getExpression());
    if (value.type() == target) {
      return value;
    }
    return new Expr.Unary(UnaryOperator.castTo(target), value, target);
  }

  private Expr numeric(ExpressionTree tree) {
    return numeric(tree, translate(tree));
  }

  private Expr numeric(ExpressionTree tree, Expr value) {
    if (!isNumber(value)) {
      throw new Unsupported(tree, "a number is required here, but this is a "
          + value.type().javaName());
    }
    return value;
  }

  private static boolean isNumber(Expr expr) {
    return expr.type().isNumeric();
  }
}
