package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.Type;
import java.util.List;
import java.util.function.Function;

/**
 * {@code a.equals(b)} of a string or enum value, as library code compares an option's kind:
 * {@code Objects.equals(Objects.requireNonNull(a), b)}, which throws where Java's call would (a
 * null {@code a}) and otherwise answers the same, with a static call the IR can hold.
 */
final class Equality {

  static final ClassId OBJECTS = new ClassId("java.util", List.of("Objects"));
  static final MethodRef REQUIRE_NON_NULL = new MethodRef(OBJECTS, "requireNonNull");
  static final MethodRef EQUALS = new MethodRef(OBJECTS, "equals");

  private Equality() {}

  /** Whether {@code call} has the shape {@code receiver.equals(argument)}. */
  static boolean isEquals(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("equals") && call.getArguments().size() == 1;
  }

  /**
   * The comparison, or null if the receiver is no string or enum value ({@code translate}
   * reads an expression).
   */
  static Expr of(MethodInvocationTree call, Function<ExpressionTree, Expr> translate) {
    ExpressionTree receiverTree = ((MemberSelectTree) call.getMethodSelect()).getExpression();
    Expr receiver = translate.apply(receiverTree);
    if (receiver.type() != Type.STRING && receiver.type() != Type.ENUM) {
      return null;
    }
    Expr argument = translate.apply(call.getArguments().get(0));
    if (argument.type() != receiver.type()) {
      throw new Unsupported(call.getArguments().get(0), "equals compares a "
          + receiver.type().javaName() + " with a " + argument.type().javaName()
          + " here, which is never true; compare values of the same type");
    }
    Expr nonNull = receiver instanceof Expr.Text || receiver instanceof Expr.Constant
        ? receiver // a literal or an enum constant is never null
        : new Expr.StaticCall(REQUIRE_NON_NULL, List.of(receiver), receiver.type(), null);
    return new Expr.StaticCall(EQUALS, List.of(nonNull, argument), Type.BOOLEAN, null);
  }
}
