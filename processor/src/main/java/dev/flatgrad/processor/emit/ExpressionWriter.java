package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;

/**
 * Writes IR expressions as Java source with only the parentheses Java needs. Operands of equal
 * precedence on the right keep theirs: floating-point arithmetic does not reassociate.
 */
final class ExpressionWriter {

  private static final int CONDITIONAL = 2;
  private static final int UNARY = 14;
  private static final int PRIMARY = 16;

  private ExpressionWriter() {}

  static CodeBlock write(Expr expr) {
    if (expr instanceof Expr.Ref ref) {
      return CodeBlock.of("$N", ref.variable().name());
    }
    if (expr instanceof Expr.Literal literal) {
      return CodeBlock.of("$L", literal.text());
    }
    if (expr instanceof Expr.Constant constant) {
      return CodeBlock.of("$T.$N", className(constant.owner()), constant.field());
    }
    if (expr instanceof Expr.Field field) {
      return CodeBlock.of(field.accessor() ? "$N.$N()" : "$N.$N", field.object().name(),
          field.name());
    }
    if (expr instanceof Expr.FieldHandle read) {
      return CodeBlock.of("($T) $T.$N.get($L)", TypeNames.of(read.type()),
          className(read.owner()), read.handle(),
          read.object() == null ? "" : read.object().name());
    }
    if (expr instanceof Expr.Element element) {
      CodeBlock.Builder code = CodeBlock.builder().add("$N", element.array().name());
      element.indices().forEach(index -> code.add("[$L]", write(index)));
      return code.build();
    }
    if (expr instanceof Expr.Length length) {
      return CodeBlock.of("$L.length", write(length.array()));
    }
    if (expr instanceof Expr.NewArray newArray) {
      CodeBlock.Builder code = CodeBlock.builder().add("new $T", TypeNames.of(baseType(newArray.type())));
      newArray.dimensions().forEach(dimension -> code.add("[$L]", write(dimension)));
      // new double[n][]: the rows of a ragged matrix come later.
      for (int unsized = newArray.dimensions().size(); unsized < newArray.type().rank();
          unsized++) {
        code.add("[]");
      }
      return code.build();
    }
    if (expr instanceof Expr.Zeros zeros) {
      CodeBlock allocation = zeros.type().elementType() != null
          && !zeros.type().elementType().isArray()
          ? CodeBlock.of("new $T[$N.length]", TypeNames.of(zeros.type().elementType()),
              zeros.array().name())
          : CodeBlock.of("$T.zerosLike($N)", TypeNames.GRADIENTS, zeros.array().name());
      return unlessNull(zeros.array(), allocation);
    }
    if (expr instanceof Expr.Copy copy) {
      return unlessNull(copy.array(), CodeBlock.of("$N.clone()", copy.array().name()));
    }
    if (expr instanceof Expr.Pop pop) {
      return TapeCode.pop(pop);
    }
    if (expr instanceof Expr.Unary unary) {
      CodeBlock operand = operand(unary.operand(), UNARY);
      // "- -x" must not become the decrement "--x".
      String separator = unary.operator().symbol().equals(operand.toString().substring(0, 1))
          ? " " : "";
      return CodeBlock.of("$L$L$L", unary.operator().symbol(), separator, operand);
    }
    if (expr instanceof Expr.Binary binary) {
      int precedence = binary.operator().precedence();
      if (binary.operator().isBitwise()) {
        // Where shifts and & ^ | sit among Java's operators surprises readers: (lo + hi) >>> 1.
        return CodeBlock.of("$L $L $L",
            bitwiseOperand(binary.left(), binary.operator(), precedence),
            binary.operator().symbol(),
            bitwiseOperand(binary.right(), binary.operator(), precedence + 1));
      }
      return CodeBlock.of("$L $L $L",
          operand(binary.left(), precedence),
          binary.operator().symbol(),
          operand(binary.right(), precedence + 1));
    }
    if (expr instanceof Expr.Call call) {
      CodeBlock arguments = call.arguments().stream()
          .map(ExpressionWriter::write)
          .collect(CodeBlock.joining(", "));
      Primitive.Owner owner = call.strict() ? Primitive.Owner.STRICT_MATH : call.function().owner();
      return CodeBlock.of("$T.$N($L)", ownerName(owner), call.function().methodName(), arguments);
    }
    if (expr instanceof Expr.Invoke invoke) {
      java.util.List<CodeBlock> arguments =
          CallArguments.primal(invoke.callee(), invoke.arguments());
      if (invoke.callee().hasReceiver() && !invoke.callee().primalGenerated()) {
        // The user's instance method, on the receiver its generated methods take first.
        return CodeBlock.of("$L.$N($L)", arguments.get(0), invoke.callee().name(),
            CodeBlock.join(arguments.subList(1, arguments.size()), ", "));
      }
      ClassId owner = invoke.callee().primalGenerated()
          ? GradClassWriter.gradClassOf(invoke.callee().owner())
          : invoke.callee().owner();
      return CodeBlock.of("$T.$N($L)", className(owner), invoke.callee().name(),
          CodeBlock.join(arguments, ", "));
    }
    if (expr instanceof Expr.TangentCall call) {
      return CodeBlock.of("$T.$N($L).tangent()",
          className(GradClassWriter.gradClassOf(call.callee().owner())),
          call.callee().name() + "Tangent", CallArguments.tangent(call.callee(), call.arguments()));
    }
    if (expr instanceof Expr.Component component) {
      return CodeBlock.of("$N.$L()", component.record().name(),
          String.join("().", component.path()));
    }
    if (expr instanceof Expr.Null) {
      return CodeBlock.of("null");
    }
    if (expr instanceof Expr.StaticCall call) {
      return call(call.method(), call.arguments());
    }
    if (expr instanceof Expr.StringCall call) {
      return CodeBlock.of("$L.$N($L)", operand(call.receiver(), PRIMARY), call.method(),
          call.arguments().stream().map(ExpressionWriter::write).collect(CodeBlock.joining(", ")));
    }
    if (expr instanceof Expr.Text text) {
      return CodeBlock.of("$S", text.value());
    }
    if (expr instanceof Expr.Concat concat) {
      // Parts that are sums keep their parentheses: "n = " + (n + 1) adds before it appends.
      return concat.parts().stream()
          .map(part -> operand(part, BinaryOperator.ADD.precedence() + 1))
          .collect(CodeBlock.joining(" + "));
    }
    if (expr instanceof Expr.Conditional conditional) {
      return CodeBlock.of("$L ? $L : $L",
          operand(conditional.condition(), CONDITIONAL + 1),
          operand(conditional.whenTrue(), CONDITIONAL + 1),
          operand(conditional.whenFalse(), CONDITIONAL));
    }
    throw new IllegalArgumentException("cannot write " + expr);
  }

  private static Type baseType(Type type) {
    Type base = type;
    while (base.isArray()) {
      base = base.elementType();
    }
    return base;
  }

  /** {@code Owner.method(arguments)}, or {@code Owner.field.method(arguments)}. */
  static CodeBlock call(MethodRef method, java.util.List<Expr> arguments) {
    if (method.onFirstArgument()) { // type.sign(): a method of the first argument's value
      return CodeBlock.of("$L.$N($L)", operand(arguments.get(0), PRIMARY), method.name(),
          arguments(arguments.subList(1, arguments.size())));
    }
    if (method.owner() == null) { // a method of the code's own class or an enclosing one
      return CodeBlock.of("$N($L)", method.name(), arguments(arguments));
    }
    return method.field() == null
        ? CodeBlock.of("$T.$N($L)", className(method.owner()), method.name(),
            arguments(arguments))
        : CodeBlock.of("$T.$N.$N($L)", className(method.owner()), method.field(), method.name(),
            arguments(arguments));
  }

  static CodeBlock arguments(java.util.List<Expr> arguments) {
    return arguments.stream().map(ExpressionWriter::write).collect(CodeBlock.joining(", "));
  }

  static ClassName className(ClassId id) {
    return ClassName.get(id.packageName(), id.simpleNames().get(0),
        id.simpleNames().subList(1, id.simpleNames().size()).toArray(String[]::new));
  }

  private static ClassName ownerName(Primitive.Owner owner) {
    return ClassName.bestGuess(owner.qualifiedName());
  }

  /** {@code expr}, in parentheses if it binds less tightly than {@code minimumPrecedence}. */
  private static CodeBlock operand(Expr expr, int minimumPrecedence) {
    CodeBlock code = write(expr);
    return precedence(expr) < minimumPrecedence ? CodeBlock.of("($L)", code) : code;
  }

  /** An operand of a shift or {@code & ^ |}: in parentheses if it has another operator. */
  private static CodeBlock bitwiseOperand(Expr expr, BinaryOperator operator,
      int minimumPrecedence) {
    return expr instanceof Expr.Binary binary && binary.operator() != operator
        ? CodeBlock.of("($L)", write(expr))
        : operand(expr, minimumPrecedence);
  }

  private static int precedence(Expr expr) {
    if (expr instanceof Expr.Unary) {
      return UNARY;
    }
    if (expr instanceof Expr.Literal literal) {
      return literal.text().startsWith("-") ? UNARY : PRIMARY;
    }
    if (expr instanceof Expr.Binary binary) {
      return binary.operator().precedence();
    }
    if (expr instanceof Expr.Conditional) {
      return CONDITIONAL;
    }
    if (expr instanceof Expr.Concat) {
      return BinaryOperator.ADD.precedence();
    }
    if (expr instanceof Expr.Pop pop && pop.type() == Type.BOOLEAN) {
      return TapeCode.POPPED_BOOLEAN_PRECEDENCE;
    }
    return PRIMARY;
  }

  /**
   * {@code value}, or for an optional array ({@link Variable#optional()}) {@code a == null ? null
   * : value}: what is made from a missing array is missing too.
   */
  private static CodeBlock unlessNull(Variable array, CodeBlock value) {
    return array.optional()
        ? CodeBlock.of("$N == null ? null : $L", array.name(), value)
        : value;
  }
}
