package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forward-mode differentiation: beside each active statement {@code r = op(a, b)}, the tangent
 * statement {@code dot_r = dot_a * ∂r/∂a + dot_b * ∂r/∂b}, taken from the same derivative table
 * as the reverse mode. Control flow stays as it is and nothing is recorded: one pass computes the
 * value and the derivative along a direction (a Jacobian-vector product).
 */
public final class ForwardMode {

  private final Activity activity;
  private final Names names;
  private final Map<Variable, Variable> tangents = new HashMap<>();

  private ForwardMode(Activity activity, Names names) {
    this.activity = activity;
    this.names = names;
  }

  /** The tangent method's body and its direction parameters. */
  public record Tangent(String methodName, Function function, List<Stmt> body,
      Map<Parameter, Variable> directions, Expr value, Expr tangent) {}

  public static Tangent tangent(Function function) {
    Names names = function.names().copy();
    List<Stmt> body = new Canonicalizer(names).block(function.body());
    Activity activity = Activity.of(function.parameters(), body, function.result());
    ForwardMode forward = new ForwardMode(activity, names);
    Map<Parameter, Variable> directions = new LinkedHashMap<>();
    for (Parameter parameter : function.differentiatedParameters()) {
      directions.put(parameter, forward.tangentOf(parameter.variable()));
    }
    List<Stmt> out = new ArrayList<>(forward.dataMadeActive(function));
    out.addAll(forward.block(body));
    Expr result = function.result();
    Expr tangent = result instanceof Expr.Ref ref && activity.isActive(ref.variable())
        ? forward.tangentOf(result)
        : result.type().isArray() ? new Expr.Zeros(((Expr.Ref) result).variable())
        : Algebra.zero(function.returnType());
    Set<Variable> returned = new HashSet<>();
    Reads.collect(result, returned);
    Reads.collect(tangent, returned);
    return new Tangent(function.name() + "Tangent", function,
        ZeroDerivatives.drop(out, returned), directions, result, tangent);
  }

  /**
   * A data parameter (outside {@code wrt}) that the body assigns an active value, as in {@code
   * z -= x}, has a tangent too: zero on entry, since no direction moves it.
   */
  private List<Stmt> dataMadeActive(Function function) {
    List<Stmt> declarations = new ArrayList<>();
    for (Parameter parameter : function.parameters()) {
      Variable variable = parameter.variable();
      if (!function.differentiatedParameters().contains(parameter)
          && parameter.type().isReal() && activity.isActive(variable)) {
        declarations.add(new Stmt.Assign(tangentOf(variable), Algebra.zero(parameter.type()),
            true));
      }
    }
    return declarations;
  }

  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : statements) {
      statement(stmt, out);
    }
    return out;
  }

  private void statement(Stmt stmt, List<Stmt> out) {
    if (stmt instanceof Stmt.Assign assign) {
      Variable target = assign.target();
      out.add(stmt);
      if (activity.isActive(target)) {
        Expr tangent = target.type().isArray() && !(assign.value() instanceof Expr.Invoke)
            // a new local array: its tangent, a new array of the same shape
            ? Reallocations.tangentArray(assign)
            : tangentOf(new Expr.Ref(target), assign.value());
        out.add(new Stmt.Assign(tangentOf(target), Algebra.narrow(target.type(), tangent),
            assign.declares()));
      }
    } else if (stmt instanceof Stmt.Declare declare) {
      out.add(stmt);
      if (activity.isActive(declare.variable())) {
        out.add(new Stmt.Declare(tangentOf(declare.variable())));
      }
    } else if (stmt instanceof Stmt.Store store && store.target().type().isArray()) {
      out.add(stmt); // a row replaced by a new array: the tangent's row, a new array too
      if (activity.isActive(store.target().array())) {
        out.add(new Stmt.Store(store.target().of(tangentOf(store.target().array())),
            Reallocations.tangentRow(store)));
      }
    } else if (stmt instanceof Stmt.Store store) {
      out.add(stmt);
      Variable array = store.target().array();
      if (activity.isActive(array)) {
        out.add(new Stmt.Store(store.target().of(tangentOf(array)), Algebra.narrow(
            store.target().type(), tangentOf(store.target(), store.value()))));
      }
    } else if (stmt instanceof Stmt.If branch) {
      out.add(new Stmt.If(branch.condition(), block(branch.then()), block(branch.otherwise())));
    } else if (stmt instanceof Stmt.Loop loop) {
      out.add(new Stmt.Loop(block(loop.init()), loop.condition(), block(loop.body()),
          block(loop.update()), loop.testFirst()));
    } else if (ForwardWriter.isEffect(stmt)) {
      out.add(stmt);
    } else {
      throw new IllegalArgumentException("not a forward statement: " + stmt);
    }
  }

  /**
   * The tangent of {@code self = value}: the sum over the active operands of the operand's
   * tangent times the local partial derivative. It is computed right after the statement, so
   * rules written with the result read it from {@code self}. (An overwrite whose rule needs the
   * old value was split in two by the {@link Canonicalizer}.)
   */
  private Expr tangentOf(Expr self, Expr value) {
    if (value instanceof Expr.Invoke invoke) {
      return tangentOfCall(invoke);
    }
    if (self instanceof Expr.Ref ref && Canonicalizer.isIncrement(self, ref.variable(), value)
        || self instanceof Expr.Element element
            && Canonicalizer.isIncrement(self, element.array(), value)) {
      // s = s + a: dot_s = dot_s + dot_a, which reads only tangents.
      if (value.equals(self)) {
        return tangentOf(self);
      }
      Expr.Binary binary = (Expr.Binary) value;
      Expr other = binary.left().equals(self) ? binary.right() : binary.left();
      Expr otherTangent = activity.isActive(other) ? tangentOf(other)
          : Algebra.zero(self.type());
      return binary.operator() == BinaryOperator.SUBTRACT
          ? Algebra.subtract(tangentOf(self), otherTangent)
          : Algebra.add(tangentOf(self), otherTangent);
    }
    List<Expr> operands = value.isSimple() ? List.of(value) : value.operands();
    Expr sum = null;
    for (int index = 0; index < operands.size(); index++) {
      Expr operand = operands.get(index);
      if (!DerivativeTable.isDifferentiableOperand(value, index)) {
        continue;
      }
      activity.checkSimple(operand, value);
      if (activity.isActive(operand)) {
        Expr term = DerivativeTable.contribution(value, index, self, tangentOf(operand));
        sum = sum == null ? term : Algebra.add(sum, term);
      }
    }
    return sum == null ? Algebra.zero(self.type()) : sum;
  }

  /** The tangent of a call: the callee's tangent method, along the arguments' tangents. */
  private Expr tangentOfCall(Expr.Invoke invoke) {
    Callee callee = invoke.callee();
    List<Expr> arguments = new ArrayList<>(invoke.arguments());
    for (int i = 0; i < invoke.arguments().size(); i++) {
      if (!callee.differentiated().get(i)) {
        continue;
      }
      Expr argument = invoke.arguments().get(i);
      boolean active = argument instanceof Expr.Ref ref ? activity.isActive(ref.variable())
          : argument instanceof Expr.Element element && activity.isActive(element.array());
      Type type = callee.parameterTypes().get(i);
      arguments.add(active ? tangentOf(argument)
          : type.isReal() ? Algebra.zero(type) : new Expr.Null(type));
    }
    return new Expr.TangentCall(callee, arguments);
  }

  private Variable tangentOf(Variable variable) {
    return tangents.computeIfAbsent(variable, v -> new Variable(names.fresh("dot_" + v.name()),
        v.type(), Variable.Kind.ADJOINT));
  }

  private Expr tangentOf(Expr operand) {
    if (operand instanceof Expr.Ref ref) {
      return new Expr.Ref(tangentOf(ref.variable()));
    }
    Expr.Element element = (Expr.Element) operand;
    return element.of(tangentOf(element.array()));
  }
}
