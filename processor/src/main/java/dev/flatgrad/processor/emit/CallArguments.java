package dev.flatgrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.RecordParameter;
import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument lists of generated calls to another differentiable method. The IR passes a
 * record argument as the values inside it, one parameter each (as it reads the method's own
 * record parameters); the callee's generated methods take the record, so the call builds it
 * around them: {@code new Mlp(m_w, m_b)} for the value, a record of sink arrays for a pullback,
 * of directions for a tangent. A sink or direction record of nothing but zeros is {@code null},
 * which the callee reads as zeros.
 */
final class CallArguments {

  private CallArguments() {}

  /** The arguments of the callee's own method, one per parameter as it declares them. */
  static List<CodeBlock> primal(Callee callee, List<Expr> arguments) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      all.add(i);
    }
    return grouped(callee, all, arguments, false);
  }

  /** The arguments of {@code fTangent}: the parameters, then one direction per differentiated one. */
  static CodeBlock tangent(Callee callee, List<Expr> arguments) {
    int count = callee.parameterTypes().size();
    List<CodeBlock> written = new ArrayList<>(primal(callee, arguments.subList(0, count)));
    written.addAll(directions(callee, arguments.subList(count, arguments.size())));
    return CodeBlock.join(written, ", ");
  }

  /**
   * The arguments of {@code fPullback}, or of {@code fPullbackTangent} when the call carries
   * tangents: parameters, upstream, sinks (then directions, the upstream's tangent and the sinks'
   * tangents).
   */
  static CodeBlock pullback(Stmt.Pullback pullback) {
    Callee callee = pullback.callee();
    List<CodeBlock> written = new ArrayList<>(primal(callee, pullback.arguments()));
    written.add(ExpressionWriter.write(pullback.upstream()));
    written.addAll(sinks(callee, pullback.sinks()));
    if (pullback.tangents() != null) {
      written.addAll(directions(callee, pullback.tangents().arguments()));
      written.add(ExpressionWriter.write(pullback.tangents().upstream()));
      written.addAll(sinks(callee, pullback.tangents().sinks()));
    }
    return CodeBlock.join(written, ", ");
  }

  /** One direction per differentiated parameter, records whole. */
  private static List<CodeBlock> directions(Callee callee, List<Expr> directions) {
    return grouped(callee, differentiated(callee, false), directions, true);
  }

  /**
   * One sink per differentiated array parameter, and per differentiated record a record of the
   * sinks of its arrays: its doubles' gradients come back in the pullback's result, so their
   * places in the sink record hold {@code 0.0}.
   */
  private static List<CodeBlock> sinks(Callee callee, List<Expr> sinks) {
    List<Integer> which = differentiated(callee, true);
    List<Expr> values = new ArrayList<>();
    int next = 0;
    for (int i : which) {
      values.add(callee.parameterTypes().get(i).isArray()
          ? sinks.get(next++)
          : Expr.Literal.ofDouble(0.0));
    }
    return grouped(callee, which, values, true);
  }

  /**
   * The differentiated parameters, in order; with {@code sinks}, only those a pullback takes a
   * sink for: arrays, and every value inside a record.
   */
  private static List<Integer> differentiated(Callee callee, boolean sinks) {
    List<Integer> which = new ArrayList<>();
    for (int i = 0; i < callee.parameterTypes().size(); i++) {
      if (callee.differentiated().get(i) && (!sinks || callee.parameterTypes().get(i).isArray()
          || callee.fields().get(i) != null)) {
        which.add(i);
      }
    }
    return which;
  }

  /**
   * The expressions {@code values} for the parameters {@code which}, in order, written one per
   * parameter as the callee declares them: a record's values go into a new record of its type,
   * or with {@code zerosAsNull}, into {@code null} when every one of them is zero.
   */
  private static List<CodeBlock> grouped(Callee callee, List<Integer> which, List<Expr> values,
      boolean zerosAsNull) {
    List<CodeBlock> written = new ArrayList<>();
    for (int k = 0; k < which.size(); k++) {
      Parameter.Field field = callee.fields().get(which.get(k));
      if (field == null) {
        written.add(ExpressionWriter.write(values.get(k)));
        continue;
      }
      Map<List<String>, Expr> inside = new LinkedHashMap<>();
      while (k < which.size() && field.record().equals(fieldOf(callee, which.get(k)))) {
        inside.put(callee.fields().get(which.get(k)).path(), values.get(k));
        k++;
      }
      k--;
      boolean zeros = inside.values().stream().allMatch(CallArguments::isZero);
      written.add(zerosAsNull && zeros
          ? CodeBlock.of("null")
          : build(field.record().type(), List.of(), inside));
    }
    return written;
  }

  private static RecordParameter fieldOf(Callee callee, int i) {
    Parameter.Field field = callee.fields().get(i);
    return field == null ? null : field.record();
  }

  private static boolean isZero(Expr value) {
    return value instanceof Expr.Null
        || value instanceof Expr.Literal literal && literal.value() == 0.0;
  }

  /** {@code new Mlp(new Layer(a, b), c)}: the record of {@code type} holding {@code values}. */
  private static CodeBlock build(RecordType type, List<String> path,
      Map<List<String>, Expr> values) {
    List<CodeBlock> arguments = new ArrayList<>();
    for (RecordType.Component component : type.components()) {
      List<String> here = new ArrayList<>(path);
      here.add(component.name());
      arguments.add(component.record() != null
          ? build(component.record(), here, values)
          : ExpressionWriter.write(values.get(here)));
    }
    return CodeBlock.of("new $T($L)", ExpressionWriter.className(type.type()),
        CodeBlock.join(arguments, ", "));
  }
}
