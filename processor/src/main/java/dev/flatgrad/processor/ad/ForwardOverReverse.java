package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Second order by forward over reverse: the generated gradient code is itself plain IR (a
 * forward pass, then a reverse pass of adjoint statements), so forward mode applied to it gives
 * the derivative of the gradient along a direction: a Hessian-vector product. Values saved on
 * the tape travel with their tangents.
 */
public final class ForwardOverReverse {

  /**
   * Thrown for code forward over reverse does not handle: calls of methods without a pullback
   * tangent (custom rules without a tangent rule) or returning {@code double[]}.
   */
  public static final class Unsupported extends RuntimeException {
    private final transient Callee callee;

    Unsupported(String message) {
      this(message, null);
    }

    Unsupported(String message, Callee callee) {
      super(message, null, false, false);
      this.callee = callee;
    }

    /** The callee without a pullback tangent, if that is the reason. */
    public Optional<Callee> callee() {
      return Optional.ofNullable(callee);
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

  /**
   * The tangent of a pullback, {@code fPullbackTangent}: the pullback carried along a direction
   * of its parameters and of its upstream gradient. It is what a caller's second-order code
   * calls for the reverse of a call, so second order composes through chains and recursion.
   *
   * @param pullback the pullback differentiated again
   * @param body its forward and reverse passes with tangent statements beside them
   * @param directions for each differentiated parameter, its direction parameter
   * @param upstreamTangent the direction of the upstream gradient
   * @param sinkTangents for each differentiated array parameter, the array its gradient's
   *     tangent is added into
   * @param scalarTangents for each differentiated double parameter, the tangent of its
   *     gradient (upstream × the partial derivative)
   */
  public record PullbackTangent(Gradient pullback, List<Stmt> body,
      Map<Parameter, Variable> directions, Variable upstreamTangent,
      Map<Parameter, Variable> sinkTangents, Map<Parameter, Expr> scalarTangents) {}

  private final Names names;
  private final Set<Variable> varied;
  private final Map<Variable, Variable> tangents = new HashMap<>();
  /** Which callees have a pullback tangent that second-order code can call. */
  private final Predicate<Callee> secondOrder;
  /** The callee each pullback result record comes from, to name its tangent components. */
  private final Map<Variable, Callee> pulledFrom = new HashMap<>();

  private ForwardOverReverse(Names names, Set<Variable> varied, Predicate<Callee> secondOrder) {
    this.names = names;
    this.varied = varied;
    this.secondOrder = secondOrder;
  }

  /** The Hessian-vector product of a method that calls no other method. */
  public static HessianVector of(Gradient gradient) {
    return of(gradient, callee -> false);
  }

  /**
   * The Hessian-vector product; {@code secondOrder} tells which callees have a pullback
   * tangent (a call of any other is {@link Unsupported}).
   */
  public static HessianVector of(Gradient gradient, Predicate<Callee> secondOrder) {
    ForwardOverReverse transform = prepare(gradient, Set.of(), secondOrder);
    Map<Parameter, Variable> directions = transform.directions(gradient);
    List<Stmt> body = transform.dataParameterTangents(gradient, directions);
    body.addAll(transform.block(program(gradient)));
    Map<Parameter, Expr> hessianVector = new LinkedHashMap<>();
    for (Parameter parameter : gradient.function().differentiatedParameters()) {
      hessianVector.put(parameter, transform.adjointTangent(gradient, parameter));
    }
    body = transform.withoutUnreadTangents(body, hessianVector.values());
    return new HessianVector(gradient, body, directions, hessianVector);
  }

  /**
   * The tangent of {@code pullback}, a pullback of a method returning {@code double} or {@code
   * double[]} (whose upstream gradient and its tangent are arrays).
   */
  public static PullbackTangent ofPullback(Gradient pullback, Predicate<Callee> secondOrder) {
    Variable upstream = pullback.upstream().orElseThrow();
    ForwardOverReverse transform = prepare(pullback, Set.of(upstream), secondOrder);
    Map<Parameter, Variable> directions = transform.directions(pullback);
    Variable upstreamTangent = transform.tangentOf(upstream);
    Map<Parameter, Variable> sinkTangents = new LinkedHashMap<>();
    pullback.sinks().forEach((parameter, sink) ->
        sinkTangents.put(parameter, transform.tangentOf(sink)));
    List<Stmt> body = transform.dataParameterTangents(pullback, directions);
    body.addAll(transform.block(program(pullback)));
    Map<Parameter, Expr> scalarTangents = new LinkedHashMap<>();
    for (Parameter parameter : pullback.function().differentiatedParameters()) {
      if (parameter.type().isReal()) {
        scalarTangents.put(parameter, transform.adjointTangent(pullback, parameter));
      }
    }
    List<Expr> results = new ArrayList<>(scalarTangents.values());
    sinkTangents.values().forEach(sink -> results.add(new Expr.Ref(sink)));
    body = transform.withoutUnreadTangents(body, results);
    return new PullbackTangent(pullback, body, directions, upstreamTangent, sinkTangents,
        scalarTangents);
  }

  /** The value's tangent, say, which neither product returns, and what only it reads. */
  private List<Stmt> withoutUnreadTangents(List<Stmt> body, Collection<Expr> results) {
    return UnreadTangents.remove(body, new HashSet<>(tangents.values()), results);
  }

  private static List<Stmt> program(Gradient gradient) {
    List<Stmt> program = new ArrayList<>(gradient.forward());
    program.addAll(gradient.backward());
    return program;
  }

  /** Finds what varies with the parameters (and {@code seeds}) and reserves every name. */
  private static ForwardOverReverse prepare(Gradient gradient, Set<Variable> seeds,
      Predicate<Callee> secondOrder) {
    List<Stmt> program = program(gradient);
    Set<Variable> varied = new HashSet<>(seeds);
    for (Parameter parameter : gradient.function().differentiatedParameters()) {
      varied.add(parameter.variable());
    }
    while (vary(program, varied)) {
      // until no new variable depends on the parameters
    }
    Names names = gradient.function().names().copy();
    reserveAll(program, names);
    gradient.upstream().ifPresent(upstream -> names.reserve(upstream.name()));
    gradient.sinks().values().forEach(sink -> names.reserve(sink.name()));
    return new ForwardOverReverse(names, varied, secondOrder);
  }

  private Map<Parameter, Variable> directions(Gradient gradient) {
    Map<Parameter, Variable> directions = new LinkedHashMap<>();
    for (Parameter parameter : gradient.function().differentiatedParameters()) {
      directions.put(parameter, tangentOf(parameter.variable()));
    }
    return directions;
  }

  /**
   * {@code dot_z = 0.0} for each data parameter the body assigns a varied value ({@code z -= x}):
   * its tangent is zero on entry.
   */
  private List<Stmt> dataParameterTangents(Gradient gradient,
      Map<Parameter, Variable> directions) {
    List<Stmt> body = new ArrayList<>();
    for (Parameter parameter : gradient.function().parameters()) {
      if (parameter.type().isReal() && varied.contains(parameter.variable())
          && !directions.containsKey(parameter)) {
        body.add(new Stmt.Assign(tangentOf(parameter.variable()),
            Algebra.zero(parameter.type()), true));
      }
    }
    return body;
  }

  /** The tangent of a parameter's gradient, zero shaped like it where nothing varies it. */
  private Expr adjointTangent(Gradient gradient, Parameter parameter) {
    Optional<Variable> adjoint = gradient.adjointOf(parameter);
    return adjoint.isPresent() && varied.contains(adjoint.get())
        ? new Expr.Ref(tangentOf(adjoint.get()))
        : AdjointDeclarations.initial(parameter.variable());
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
        Expr tangent = Reallocations.is(assign) ? Reallocations.tangentArray(assign)
            : target.type().isArray() ? arrayTangent(target, assign.value())
            : tangentOf(assign.value(), new Expr.Ref(target), target);
        out.add(stmt);
        out.add(new Stmt.Assign(tangentOf(target), Algebra.narrow(target.type(), tangent),
            assign.declares()));
      }
    } else if (stmt instanceof Stmt.Declare declare) {
      out.add(stmt);
      if (varied.contains(declare.variable())) {
        out.add(new Stmt.Declare(tangentOf(declare.variable())));
      }
    } else if (stmt instanceof Stmt.Accumulate accumulate) {
      Variable target = written(accumulate.target());
      if (varied.contains(target)) {
        Expr tangentTarget = tangentTarget(accumulate.target());
        out.add(new Stmt.Accumulate(tangentTarget, Algebra.narrow(tangentTarget.type(),
            tangentOf(accumulate.value(), accumulate.value(), null))));
      }
      out.add(stmt);
    } else if (stmt instanceof Stmt.Store store && store.target().type().isArray()) {
      out.add(stmt); // a row replaced by a new array (or null): the tangent's row likewise
      if (varied.contains(store.target().array())) {
        out.add(new Stmt.Store(store.target().of(tangentOf(store.target().array())),
            Reallocations.tangentRow(store)));
      }
    } else if (stmt instanceof Stmt.Store store) {
      Variable array = store.target().array();
      if (!varied.contains(array)) {
        out.add(stmt);
      } else if (store.value() instanceof Expr.Pop pop) {
        out.add(new Stmt.Store(store.target().of(tangentOf(array)), pop));
        out.add(stmt);
      } else {
        out.add(stmt);
        out.add(new Stmt.Store(store.target().of(tangentOf(array)), Algebra.narrow(
            store.target().type(), tangentOf(store.value(), store.target(), array))));
      }
    } else if (stmt instanceof Stmt.Push push) {
      out.add(stmt);
      Variable pushed = written(push.value());
      if (pushed != null && varied.contains(pushed) && push.value().type().isReal()) {
        out.add(new Stmt.Push(push.tape(), tangentTarget(push.value())));
      }
    } else if (stmt instanceof Stmt.If branch) {
      out.add(new Stmt.If(branch.condition(), block(branch.then()), block(branch.otherwise())));
    } else if (stmt instanceof Stmt.Loop loop) {
      out.add(new Stmt.Loop(block(loop.init()), loop.condition(), block(loop.body()),
          block(loop.update()), loop.testFirst()));
    } else if (stmt instanceof Stmt.Pullback pullback) {
      out.add(pullback(pullback));
    } else if (ForwardWriter.isEffect(stmt)) {
      out.add(stmt);
    } else {
      throw new IllegalArgumentException("not a statement of gradient code: " + stmt);
    }
  }

  /**
   * The reverse of a call, carried along the direction: the callee's pullback tangent, given
   * the tangents of the arguments and of the upstream gradient, adds the tangents of its array
   * gradients into the sinks' tangents and returns those of its scalar gradients.
   */
  private Stmt pullback(Stmt.Pullback pullback) {
    Callee callee = pullback.callee();
    if (!pulls(pullback, varied)) {
      return pullback; // nothing it reads varies: its contributions have no tangent
    }
    requireSecondOrder(callee);
    if (pullback.result() != null) {
      pulledFrom.put(pullback.result(), callee);
    }
    List<Expr> arguments = new ArrayList<>();
    for (int i = 0; i < callee.parameterTypes().size(); i++) {
      if (callee.differentiated().get(i)) {
        arguments.add(argumentTangent(pullback.arguments().get(i),
            callee.parameterTypes().get(i)));
      }
    }
    Expr upstream = pullback.upstream().type().isArray()
        ? argumentTangent(pullback.upstream(), pullback.upstream().type())
        : tangent(pullback.upstream(), pullback.upstream());
    List<Expr> sinks = new ArrayList<>();
    for (Expr sink : pullback.sinks()) {
      sinks.add(sink instanceof Expr.Null ? sink : tangentTarget(sink));
    }
    return pullback.withTangents(new Stmt.Tangents(arguments,
        upstream == null ? Algebra.zero(pullback.upstream().type()) : upstream, sinks));
  }

  /**
   * The tangent of a new array: a new array like it (its elements' tangents are stored one by
   * one); for a copy, a copy of the tangent; for the result of a vector-valued call, the
   * callee's tangent.
   */
  private Expr arrayTangent(Variable target, Expr value) {
    if (value instanceof Expr.Invoke invoke) {
      Expr call = tangentOfCall(invoke);
      return call != null ? call : new Expr.Zeros(target);
    }
    if (value instanceof Expr.Copy copy) {
      // grad_r = upstream.clone() in a vector's pullback: the copy's tangent copies the tangent.
      return varied.contains(copy.array())
          ? new Expr.Copy(tangentOf(copy.array()))
          : new Expr.Zeros(target);
    }
    return value;
  }

  /** An argument's tangent for a callee's direction parameter: zero or null if it has none. */
  private Expr argumentTangent(Expr argument, Type type) {
    Variable variable = written(argument);
    if (variable != null && varied.contains(variable)) {
      return tangentTarget(argument);
    }
    return type.isReal() ? Algebra.zero(type) : new Expr.Null(type);
  }

  private void requireSecondOrder(Callee callee) {
    if (!secondOrder.test(callee)) {
      throw new Unsupported("it calls " + callee.name() + ", which has no "
          + callee.pullbackTangentName(), callee);
    }
  }


  /** The tangent of {@code callee(arguments)}: the callee's tangent method. */
  private Expr tangentOfCall(Expr.Invoke invoke) {
    Callee callee = invoke.callee();
    requireSecondOrder(callee);
    List<Expr> arguments = new ArrayList<>(invoke.arguments());
    boolean any = false;
    for (int i = 0; i < invoke.arguments().size(); i++) {
      if (callee.differentiated().get(i)) {
        Expr tangent = argumentTangent(invoke.arguments().get(i), callee.parameterTypes().get(i));
        any |= !(tangent instanceof Expr.Null) && !Algebra.isZero(tangent);
        arguments.add(tangent);
      }
    }
    return any ? new Expr.TangentCall(callee, arguments) : null;
  }

  /** The tangent of one scalar gradient out of a pullback tangent's record. */
  private Expr tangentOfComponent(Expr.Component component) {
    Callee callee = pulledFrom.get(component.record());
    if (callee == null || !varied.contains(component.record())) {
      return null;
    }
    for (int i = 0; i < callee.parameterNames().size(); i++) {
      if (callee.resultPath(i, false).equals(component.path())) {
        return new Expr.Component(component.record(), callee.resultPath(i, true),
            component.type());
      }
    }
    throw new IllegalStateException("no parameter of " + callee.name() + " has the component "
        + component.name());
  }

  /** Whether a pullback call reads anything that varies. */
  private static boolean pulls(Stmt.Pullback pullback, Set<Variable> varied) {
    if (readsVaried(pullback.upstream(), varied)) {
      return true;
    }
    Callee callee = pullback.callee();
    for (int i = 0; i < pullback.arguments().size(); i++) {
      if (callee.differentiated().get(i) && readsVaried(pullback.arguments().get(i), varied)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The tangent of an expression tree: sum, product and quotient rules, and the derivative
   * table for primitives. {@code self}, when the expression is assigned to a variable that
   * already holds its value, stands for the result, so rules such as exp's reuse it; {@code
   * target} is that variable, to tell when it cannot (an increment reads its old value).
   */
  private Expr tangentOf(Expr expr, Expr self, Variable target) {
    Expr tangent = tangent(expr, target != null && !Reads.reads(expr, target) ? self : expr);
    return tangent == null ? Algebra.zero(expr.type()) : tangent;
  }

  /** The tangent of {@code expr}, null for zero; {@code result} is {@code expr}'s value. */
  private Expr tangent(Expr expr, Expr result) {
    if (!expr.type().isReal()) {
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
        case REMAINDER -> !binary.type().isReal() ? null
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
      return Algebra.choose(conditional.condition(),
          a == null ? Algebra.zero(conditional.type()) : a,
          b == null ? Algebra.zero(conditional.type()) : b);
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
    if (expr instanceof Expr.Invoke invoke) {
      return tangentOfCall(invoke);
    }
    if (expr instanceof Expr.Component component) {
      return tangentOfComponent(component);
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
      } else if (stmt instanceof Stmt.Pullback pullback && pulls(pullback, varied)) {
        // The call writes its sinks and its result record.
        for (Expr sink : pullback.sinks()) {
          Variable written = written(sink);
          if (written != null) {
            changed |= varied.add(written);
          }
        }
        if (pullback.result() != null) {
          changed |= varied.add(pullback.result());
        }
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
    if (expr instanceof Expr.Conditional choice) {
      // The condition carries no derivative: w = x > 0 ? W_POSITIVE : W_NEGATIVE is constant.
      return readsVaried(choice.whenTrue(), varied) || readsVaried(choice.whenFalse(), varied);
    }
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
      } else if (stmt instanceof Stmt.Pullback pullback && pullback.result() != null) {
        names.reserve(pullback.result().name());
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
