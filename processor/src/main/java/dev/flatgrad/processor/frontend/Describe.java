package dev.flatgrad.processor.frontend;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.Primitive;
import java.util.Locale;

/** Names constructs the way a Java user would, for error messages: "a for loop", "a lambda". */
final class Describe {

  private Describe() {}

  static String statement(Tree statement) {
    return switch (statement.getKind()) {
      case IF -> "an if statement";
      case FOR_LOOP -> "a for loop";
      case ENHANCED_FOR_LOOP -> "an enhanced for loop";
      case WHILE_LOOP -> "a while loop";
      case DO_WHILE_LOOP -> "a do/while loop";
      case SWITCH -> "a switch statement";
      case TRY -> "a try statement";
      case THROW -> "a throw statement";
      case SYNCHRONIZED -> "a synchronized block";
      case CLASS -> "a local class";
      case INTERFACE -> "a local interface";
      case ENUM -> "a local enum";
      case RECORD -> "a local record";
      case LABELED_STATEMENT -> "a labeled statement";
      case BREAK -> "a break statement";
      case CONTINUE -> "a continue statement";
      case ASSERT -> "an assert statement";
      default -> "this statement (" + kind(statement) + ")";
    };
  }

  static String expression(Tree expression) {
    return switch (expression.getKind()) {
      case LAMBDA_EXPRESSION -> "a lambda expression";
      case MEMBER_REFERENCE -> "a method reference";
      case NEW_CLASS -> ((NewClassTree) expression).getClassBody() != null
          ? "an anonymous class"
          : "object creation (new)";
      case NEW_ARRAY -> "array creation";
      case ARRAY_ACCESS -> "array access";
      case CONDITIONAL_EXPRESSION -> "the conditional operator ?:";
      case STRING_LITERAL -> "a string literal";
      case BOOLEAN_LITERAL -> "a boolean literal";
      case CHAR_LITERAL -> "a char literal";
      case LONG_LITERAL -> "a long literal";
      case FLOAT_LITERAL -> "a float literal";
      case NULL_LITERAL -> "null";
      case INSTANCE_OF -> "instanceof";
      case METHOD_INVOCATION -> "the call " + ((MethodInvocationTree) expression).getMethodSelect()
          + "(...)";
      case MEMBER_SELECT -> "the field " + expression;
      case SWITCH_EXPRESSION -> "a switch expression";
      case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          REMAINDER_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT, XOR_ASSIGNMENT, OR_ASSIGNMENT ->
              "an assignment inside an expression (write it as a statement)";
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
          "++ or -- inside an expression (write it as a statement)";
      case LEFT_SHIFT, RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT, AND, OR, XOR, BITWISE_COMPLEMENT ->
          "the bitwise operator in '" + expression + "'";
      default -> "the expression '" + expression + "' (" + kind(expression) + ")";
    };
  }

  /** A member of a class body: "a field", "an initializer block", "a static method". */
  static String member(Tree member) {
    return switch (member.getKind()) {
      case VARIABLE -> "a field";
      case BLOCK -> "an initializer block";
      case METHOD -> "a static method";
      default -> statement(member).replace("a local ", "a nested ");
    };
  }

  static String primitive(Primitive primitive) {
    String owner = primitive.owner().qualifiedName();
    return owner.substring(owner.lastIndexOf('.') + 1) + "." + primitive.methodName();
  }

  private static String kind(Tree tree) {
    return tree.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
