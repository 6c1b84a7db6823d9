package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
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
import java.util.Optional;
import java.util.Set;

/**
 * Second order by forward over reverse: the generated gradient code is itself plain IR (a
 * forward pass, then a reverse pass of adjoint statements), so forward mode applied to it gives
 * the derivative of the gradient along a direction: a Hessian-vector product. Values saved on
 * the tape travel with their tangents.
 */
public final class ForwardOverReverse {

  /** Thrown for code forward over reverse does not handle yet: calls of other methods. */
  public static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The Hessian-vector product method.
   *
   * @param gradient the gradient code differentiated again
   * @param body its forward and reverse passes with tangent statements beside them
   * @param directions for each differentiated parameter, its direction parameter
   * @param hessianVector for each differentiated parameter, the tangent of its gradient: the
   *     Hessian-vector product's component
   */
  public record HessianVector(Gradient gradient, List<Stmt> body,
      Map<Parameter, Variable> directions, Map<Parameter, Expr> hessianVector) {}

  private final Names names;
  private final Set<Variable> varied;
  private final Map<Variable, Variable> tangents = new HashMap<>();

  private ForwardOverReverse(Names names, Set<Variable> varied) {
    this.names = names;
    this.varied = varied;
  }

  public static HessianVector of(Gradient gradient) {
    List<Stmt> program = new ArrayList<>(gradient.forward());
    program.addAll(gradient.backward());
    Set<Variable> varied = new HashSet<>();
    for (Parameter parameter : gradient.function().differentiatedParameters()) {
      varied.add(parameter.variable());
    }
    while (vary(program, varied)) {
      // until no new variable depends on the parameters
    }
    Names names = gradient.function().names().copy();
    reserveAll(program, names);
    ForwardOverReverse transform = new ForwardOverReverse(names, varied);
    Map<Parameter, Variable> directions = new LinkedHashMap<>();
    for (Parameter parameter : gradient.function().differentiatedParameters()) {
      directions.put(parameter, transform.tangentOf(parameter.variable()));
    }
    List<Stmt> body = new ArrayList<>();
    for (Parameter parameter : gradient.function().parameters()) {
      // A data parameter the body assigns a varied value (z -= x): zero tangent on entry.
      if (parameter.type() == Type.DOUBLE && varied.contains(parameter.variable())
          && !directions.containsKey(parameter)) {
        body.add(new Stmt.Assign(transform.tangentOf(parameter.variable()), Algebra.ZERO, true));
      }
    }
    body.addAll(transform.block(program));
    Map<Parameter, Expr> hessianVector = new LinkedHashMap<>();
    for (Parameter parameter : gradient.function().differentiatedParameters()) {
      Optional<Variable> adjoint = gradient.adjointOf(parameter);
      Expr component = adjoint.isPresent() && varied.contains(adjoint.get())
          ? new Expr.Ref(transform.tangentOf(adjoint.get()))
          : AdjointDeclarations.initial(parameter.variable());
      hessianVector.put(parameter, component);
    }
    return new HessianVector(gradient, body, directions, hessianVector);
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
      if (!varied.contains(target)) {
        out.add(stmt);
      } else if (assign.value() instanceof Expr.Pop pop) {
        // Popped in the opposite order of the pushes: the tangent went on last.
        out.add(new Stmt.Assign(tangentOf(target), pop, assign.declares()));
        out.add(stmt);
      } else {
        Expr tangent = target.type().isArray()
            ? assign.value()
            : tangentOf(assign.value(), new Expr.Ref(target), target);
        out.add(stmt);
        out.add(new Stmt.Assign(tangentOf(target), tangent, assign.declares()));
      }
    } else if (stmt instanceof Stmt.Declare declare) {
      out.add(stmt);
      if (varied.contains(declare.variable())) {
        out.add(new Stmt.Declare(tangentOf(declare.variable())));
      }
    } else if (stmt instanceof Stmt.Accumulate accumulate) {
      Variable target = written(accumulate.target());
      if (varied.contains(target)) {
        out.add(new Stmt.Accumulate(tangentTarget(accumulate.target()),
            tangentOf(accumulate.value(), accumulate.value(), null)));
      }
      out.add(stmt);
    } else if (stmt instanceof Stmt.Store store) {
      Variable array = store.target().array();
      if (!varied.contains(array)) {
        out.add(stmt);
      } else if (store.value() instanceof Expr.Pop pop) {
        out.add(new Stmt.Store(store.target().of(tangentOf(array)), pop));
        out.add(stmt);
      } else {
        out.add(stmt);
        out.add(new Stmt.Store(store.target().of(tangentOf(array)),
            tangentOf(store.value(), store.target(), array)));
      }
    } else if (stmt instanceof Stmt.Push push) {
      out.add(stmt);
      Variable pushed = written(push.value());
      if (pushed != null && varied.contains(pushed) && push.value().type() == Type.DOUBLE) {
        out.add(new Stmt.Push(push.tape(), tangentTarget(push.value())));
      }
    } else if (stmt instanceof Stmt.If branch) {
      out.add(new Stmt.If(branch.condition(), block(branch.then()), block(branch.otherwise())));
    } else if (stmt instanceof Stmt.Loop loop) {
      out.add(new Stmt.Loop(block(loop.init()), loop.condition(), block(loop.body()),
          block(loop.update()), loop.testFirst()));
    } else if (ForwardWriter.isEffect(stmt)) {
      out.add(stmt);
    } else {
      throw new Unsupported("second derivatives of methods that call other @Differentiable"
          + " methods are not supported yet");
    }
  }

  /**
   * The tangent of an expression tree: sum, product and quotient rules, and the derivative
   * table for primitives. {@code self}, when the expression is assigned to a variable that
   * already holds its value, stands for the result, so rules such as exp's reuse it; {@code
   * target} is that variable, to tell when it cannot (an increment reads its old value).
   */
  private Expr tangentOf(Expr expr, Expr self, Variable target) {
    Expr tangent = tangent(expr, target != null && !Reads.reads(expr, target) ? self : expr);
    return tangent == null ? Algebra.ZERO : tangent;
  }

  /** The tangent of {@code expr}, null for zero; {@code result} is {@code expr}'s value. */
  private Expr tangent(Expr expr, Expr result) {
    if (expr.type() != Type.DOUBLE) {
      return null;
    }
    if (expr instanceof Expr.Ref || expr instanceof Expr.Element) {
      Variable variable = written(expr);
      return varied.contains(variable) ? tangentTarget(expr) : null;
    }
    if (expr instanceof Expr.Unary unary) {
      Expr operand = tangent(unary.operand(), unary.operand());
      if (operand == null) {
        return null;
      }
      return switch (unary.operator()) {
        case NEGATE -> Algebra.negate(operand);
        default -> operand;
      };
    }
    if (expr instanceof Expr.Binary binary) {
      Expr a = tangent(binary.left(), binary.left());
      Expr b = tangent(binary.right(), binary.right());
      if (a == null && b == null) {
        return null;
      }
      return switch (binary.operator()) {
        case ADD -> a == null ? b : b == null ? a : Algebra.add(a, b);
        case SUBTRACT -> b == null ? a : a == null ? Algebra.negate(b) : Algebra.subtract(a, b);
        case MULTIPLY -> sum(a == null ? null : Algebra.multiply(a, binary.right()),
            b == null ? null : Algebra.multiply(binary.left(), b));
        case DIVIDE -> sum(a == null ? null : Algebra.divide(a, binary.right()),
            b == null ? null : Algebra.negate(Algebra.divide(Algebra.multiply(result, b),
                binary.right())));
        case REMAINDER -> binary.type() != Type.DOUBLE ? null
            : sum(a == null ? null : DerivativeTable.contribution(binary, 0, result, a),
                b == null ? null : DerivativeTable.contribution(binary, 1, result, b));
        default -> null;
      };
    }
    if (expr instanceof Expr.Conditional conditional) {
      Expr a = tangent(conditional.whenTrue(), conditional.whenTrue());
      Expr b = tangent(conditional.whenFalse(), conditional.whenFalse());
      if (a == null && b == null) {
        return null;
      }
      return Algebra.choose(conditional.condition(), a == null ? Algebra.ZERO : a,
          b == null ? Algebra.ZERO : b);
    }
    if (expr instanceof Expr.Call call) {
      Expr sum = null;
      for (int index = 0; index < call.arguments().size(); index++) {
        if (!DerivativeTable.isDifferentiableOperand(call, index)) {
          continue;
        }
        Expr argument = tangent(call.arguments().get(index), call.arguments().get(index));
        if (argument != null) {
          sum = sum(sum, DerivativeTable.contribution(call, index, result, argument));
        }
      }
      return sum;
    }
    if (expr instanceof Expr.Invoke || expr instanceof Expr.Component) {
      throw new Unsupported("second derivatives of methods that call other @Differentiable"
          + " methods are not supported yet");
    }
    return null; // literals, constants, lengths: no tangent
  }

  private static Expr sum(Expr a, Expr b) {
    return a == null ? b : b == null ? a : Algebra.add(a, b);
  }

  private Variable tangentOf(Variable variable) {
    return tangents.computeIfAbsent(variable, v -> new Variable(names.fresh("dot_" + v.name()),
        v.type(), Variable.Kind.ADJOINT));
  }

  private Expr tangentTarget(Expr expr) {
    if (expr instanceof Expr.Ref ref) {
      return new Expr.Ref(tangentOf(ref.variable()));
    }
    Expr.Element element = (Expr.Element) expr;
    return element.of(tangentOf(element.array()));
  }

  private static Variable written(Expr expr) {
    if (expr instanceof Expr.Ref ref) {
      return ref.variable();
    }
    return expr instanceof Expr.Element element ? element.array() : null;
  }

  /** One sweep of "depends on a differentiated parameter"; true if the set grew. */
  private static boolean vary(List<Stmt> statements, Set<Variable> varied) {
    boolean changed = false;
    for (Stmt stmt : statements) {
      Variable target = null;
      Expr value = null;
      if (stmt instanceof Stmt.Assign assign) {
        target = assign.target();
        value = assign.value();
      } else if (stmt instanceof Stmt.Accumulate accumulate) {
        target = written(accumulate.target());
        value = accumulate.value();
      } else if (stmt instanceof Stmt.Store store) {
        target = store.target().array();
        value = store.value();
      } else if (stmt instanceof Stmt.If branch) {
        changed |= vary(branch.then(), varied);
        changed |= vary(branch.otherwise(), varied);
      } else if (stmt instanceof Stmt.Loop loop) {
        changed |= vary(loop.init(), varied);
        changed |= vary(loop.body(), varied);
        changed |= vary(loop.update(), varied);
      }
      if (target != null && target.type().isDifferentiable() && !varied.contains(target)
          && !(value instanceof Expr.Pop) && readsVaried(value, varied)) {
        varied.add(target);
        changed = true;
      }
    }
    return changed;
  }

  private static boolean readsVaried(Expr expr, Set<Variable> varied) {
    Set<Variable> reads = new HashSet<>();
    Reads.collect(expr, reads);
    reads.retainAll(varied);
    return !reads.isEmpty();
  }

  private static void reserveAll(List<Stmt> statements, Names names) {
    for (Stmt stmt : statements) {
      Variable written = Reads.written(stmt);
      if (written != null) {
        names.reserve(written.name());
      }
      if (stmt instanceof Stmt.Accumulate accumulate && written(accumulate.target()) != null) {
        names.reserve(written(accumulate.target()).name());
      } else if (stmt instanceof Stmt.If branch) {
        reserveAll(branch.then(), names);
        reserveAll(branch.otherwise(), names);
      } else if (stmt instanceof Stmt.Loop loop) {
        reserveAll(loop.init(), names);
        reserveAll(loop.body(), names);
        reserveAll(loop.update(), names);
      }
    }
  }
}
