package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The methods of a {@code String} value that library code asks an option or a name: {@code
 * "call".equalsIgnoreCase(kind)}, {@code name.startsWith("w")}, {@code code.charAt(0)}. Their
 * results are data (booleans, ints, chars, strings), so they carry no derivative; the generated
 * code calls them as written, and Java picks the overload.
 */
final class StringMethods {

  /** The methods, by name, with the type of their result. */
  private static final Map<String, Type> RESULTS = Map.ofEntries(
      Map.entry("equalsIgnoreCase", Type.BOOLEAN),
      Map.entry("startsWith", Type.BOOLEAN),
      Map.entry("endsWith", Type.BOOLEAN),
      Map.entry("contains", Type.BOOLEAN),
      Map.entry("isEmpty", Type.BOOLEAN),
      Map.entry("isBlank", Type.BOOLEAN),
      Map.entry("matches", Type.BOOLEAN),
      Map.entry("length", Type.INT),
      Map.entry("indexOf", Type.INT),
      Map.entry("lastIndexOf", Type.INT),
      Map.entry("compareTo", Type.INT),
      Map.entry("compareToIgnoreCase", Type.INT),
      Map.entry("charAt", Type.CHAR),
      Map.entry("trim", Type.STRING),
      Map.entry("strip", Type.STRING),
      Map.entry("toLowerCase", Type.STRING),
      Map.entry("toUpperCase", Type.STRING),
      Map.entry("substring", Type.STRING));

  private StringMethods() {}

  /** Whether {@code call} has the shape {@code receiver.method(...)} of such a method. */
  static boolean isCandidate(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select
        && RESULTS.containsKey(select.getIdentifier().toString());
  }

  /**
   * The call, or null if its receiver is no string ({@code translate} reads an expression; each
   * argument must be a string, an int or a char, as these methods take).
   */
  static Expr of(MethodInvocationTree call, Function<ExpressionTree, Expr> translate) {
    MemberSelectTree select = (MemberSelectTree) call.getMethodSelect();
    Expr receiver = translate.apply(select.getExpression());
    if (receiver.type() != Type.STRING) {
      return null;
    }
    String name = select.getIdentifier().toString();
    List<Expr> arguments = new ArrayList<>();
    for (ExpressionTree tree : call.getArguments()) {
      Expr argument = translate.apply(tree);
      if (argument.type() != Type.STRING && argument.type() != Type.INT
          && argument.type() != Type.CHAR) {
        throw new Unsupported(tree, "the string method " + name + " takes strings, ints and"
            + " chars here, not a " + argument.type().javaName());
      }
      arguments.add(argument);
    }
    return new Expr.StringCall(receiver, name, arguments, RESULTS.get(name));
  }
}
