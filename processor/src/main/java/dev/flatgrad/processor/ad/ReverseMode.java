package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reverse-mode differentiation of a function: activity analysis picks the statements that need
 * adjoints, the tape plan picks what the forward pass must record, and the two writers produce
 * the forward pass and the reverse pass, in which each active statement adds upstream × local
 * gradient to the adjoints of its operands.
 */
public final class ReverseMode {

  private ReverseMode() {}

  /**
   * The gradient with respect to the differentiated parameters, seeded with 1; {@code
   * specializable} tells which callees get pullback variants for the arguments that need them.
   */
  public static Gradient differentiate(Function function, Predicate<Callee> specializable) {
    return differentiate(function, null, specializable);
  }

  /**
   * The pullback {@code methodName}: the same gradient scaled by an {@code upstream} parameter,
   * with array gradients added into caller-provided arrays.
   */
  public static Gradient pullback(Function function, String methodName,
      Predicate<Callee> specializable) {
    return differentiate(function, methodName, specializable);
  }

  /**
   * As {@link #differentiate(Function, Predicate)} or, with a {@code pullbackName}, {@link
   * #pullback}; with {@code independentLoops} false, every loop is reversed the general way (all
   * forward iterations, then all reverse ones): what tests compare the fused loops with.
   */
  public static Gradient differentiate(Function function, String pullbackName,
      Predicate<Callee> specializable, boolean independentLoops) {
    Set<Integer> general = new HashSet<>();
    if (!independentLoops) {
      general.add(ALL);
    }
    return differentiate(function, pullbackName, specializable, general);
  }

  private static Gradient differentiate(Function function, String pullbackName,
      Predicate<Callee> specializable) {
    return differentiate(function, pullbackName, specializable, true);
  }

  /** In the set of loops reversed the general way: all of them. */
  private static final int ALL = -1;

  private static Gradient differentiate(Function function, String pullbackName,
      Predicate<Callee> specializable, Set<Integer> general) {
    while (true) {
      try {
        return attempt(function, pullbackName, specializable, general);
      } catch (ReductionSeeds.NotIndependent notIndependent) {
        general.add(notIndependent.index); // its seeds need the loop's results: start over
      }
    }
  }

  /**
   * One attempt; the independent loops at the top-level positions {@code general} are reversed
   * the general way.
   */
  private static Gradient attempt(Function function, String pullbackName,
      Predicate<Callee> specializable, Set<Integer> general) {
    boolean pullback = pullbackName != null;
    Names names = function.names().copy();
    List<Stmt> body = new Canonicalizer(names).block(function.body());
    Activity activity = Activity.of(function.parameters(), body, function.result());
    Adjoints adjoints = new Adjoints(names, activity, specializable);
    Optional<Variable> upstream = Optional.empty();
    Map<Parameter, Variable> sinks = new LinkedHashMap<>();
    boolean vector = function.result().type() == Type.DOUBLE_ARRAY;
    if (vector && !pullback) {
      throw new IllegalArgumentException(function.name() + " returns double[]: it has a"
          + " Jacobian, built from its pullback or tangent, not a gradient");
    }
    if (vector && function.result() instanceof Expr.Ref returned
        && activity.isActive(returned.variable())) {
      // Seeded with a copy of the upstream vector, declared by the seed itself.
      adjoints.preset(returned.variable(), adjoints.of(returned.variable()));
    }
    if (pullback) {
      upstream = Optional.of(new Variable(names.fresh("upstream"), function.returnType(),
          Variable.Kind.PARAMETER));
      for (Parameter parameter : function.differentiatedParameters()) {
        if (parameter.type().isArray()) {
          Variable sink = new Variable(names.fresh("grad_" + parameter.name()),
              parameter.type(), Variable.Kind.ADJOINT);
          adjoints.preset(parameter.variable(), sink);
          sinks.put(parameter, sink);
        }
      }
    }
    // Loops whose iterations are independent but for reductions: each iteration's reverse
    // runs right after its forward, with nothing saved across iterations.
    Map<Stmt.Loop, Set<Variable>> independent =
        IndependentLoops.find(body, function.result(), activity,
            stmt -> reverseReads(stmt, adjoints));
    Map<Stmt.Loop, Set<Variable>> seeds = new LinkedHashMap<>();
    for (int k = 0; k < body.size(); k++) {
      if (body.get(k) instanceof Stmt.Loop loop && independent.containsKey(loop)
          && !general.contains(k) && !general.contains(ALL)) {
        Set<Variable> reductionAdjoints = new LinkedHashSet<>();
        for (Variable reduction : independent.get(loop)) {
          if (activity.isActive(reduction)) {
            reductionAdjoints.add(adjoints.of(reduction));
          }
        }
        seeds.put(loop, reductionAdjoints);
      }
    }
    Set<Stmt.Loop> fused = Collections.newSetFromMap(new IdentityHashMap<>());
    fused.addAll(seeds.keySet());

    Map<Variable, List<Stmt>> homes = new HashMap<>();
    Set<Variable> nested = new HashSet<>();
    Set<Variable> overwritten = new HashSet<>();
    function.parameters().forEach(p -> homes.put(p.variable(), body));
    survey(body, body, true, homes, nested, overwritten, fused);
    Map<Variable, Rematerialization.Recomputed> recomputed =
        Rematerialization.find(body, nested, overwritten);

    // A branch or loop with nothing to undo needs neither its condition nor its decisions
    // recorded; finding one may free others, so repeat until nothing changes.
    Set<Stmt> inert = Collections.newSetFromMap(new IdentityHashMap<>());
    TapePlan plan;
    int before;
    do {
      before = inert.size();
      plan = TapePlan.of(body, stmt -> reverseReads(stmt, adjoints), inert,
          recomputed.keySet(), fused);
      Inert.collect(body, activity, plan, inert);
    } while (inert.size() != before);
    if (!plan.unsaved().isEmpty()) {
      Variable changed = plan.unsaved().iterator().next();
      throw new UndifferentiableCall("the String " + changed.name() + " changes in a loop while"
          + " the reverse pass still reads its earlier values (a call it is passed to, say),"
          + " and flatgrad's tape keeps numbers and enum values, not strings: use an enum or an"
          + " int code for it");
    }

    Set<Variable> hoisted = new HashSet<>(plan.readByReverse());
    // Local arrays (declared once, perhaps after an early return's guard) are always hoisted:
    // the reverse pass may use them for their length alone, which reads no value.
    nested.stream().filter(v -> v.type().isArray()).forEach(hoisted::add);
    hoisted.retainAll(nested);
    hoisted.removeIf(plan::isRegeneratedCounter);
    // An inert branch or loop runs forward as written and has no reverse: its variables stay.
    for (Stmt stmt : inert) {
      Variable declared = stmt instanceof Stmt.Declare declare ? declare.variable()
          : stmt instanceof Stmt.Assign assign && assign.declares() ? assign.target() : null;
      hoisted.remove(declared);
    }

    Recording recording = new Recording(names);
    ForwardWriter forwardWriter = new ForwardWriter(plan, recording, hoisted);
    List<Stmt> forward = forwardWriter.write(body);
    BackwardWriter backwardWriter = new BackwardWriter(plan, recording, adjoints, activity,
        overwritten, homes, recomputed);
    List<Variable> given = new ArrayList<>();
    function.parameters().forEach(parameter -> given.add(parameter.variable()));
    upstream.ifPresent(given::add);
    ReductionSeeds reductionSeeds = new ReductionSeeds(body, given, seeds);
    List<Stmt> reverse;
    try {
      reverse = backwardWriter.method(body, function.result(),
          upstream.<Expr>map(Expr.Ref::new).orElse(Algebra.one(function.returnType())),
          reductionSeeds);
    } catch (ReductionSeeds.NotIndependent notIndependent) {
      for (int k = 0; k < body.size(); k++) {
        if (body.get(k) == notIndependent.loop) {
          notIndependent.index = k;
        }
      }
      throw notIndependent;
    }
    Set<Stmt> fusedCode = Collections.newSetFromMap(new IdentityHashMap<>());
    forward = fuse(forward, fused, forwardWriter, backwardWriter, reductionSeeds, fusedCode);
    // The result reads the parameters' adjoints after the reverse pass: a reset of one (a
    // parameter overwritten in a branch or loop) is live.
    Set<Variable> results = new HashSet<>();
    for (Parameter parameter : function.differentiatedParameters()) {
      if (adjoints.exists(parameter.variable())) {
        results.add(adjoints.of(parameter.variable()));
      }
    }
    List<Stmt> backward = DeadResets.remove(ZeroDerivatives.drop(reverse), results);

    // The reverse pass may restore the returned variable to older values: keep the result.
    Expr result = function.result();
    if (result instanceof Expr.Ref ref && assignsAnywhere(backward, ref.variable())) {
      Variable value = new Variable(names.fresh("value"), function.returnType(),
          Variable.Kind.LOCAL);
      forward = new ArrayList<>(forward);
      forward.add(new Stmt.Assign(value,
          vector ? new Expr.Copy(ref.variable()) : result, true));
      result = new Expr.Ref(value);
    }

    // An adjoint that no statement mentions was never declared: nothing reached it (a
    // parameter overwritten in a loop whose reverse body came out empty), so it is zero.
    Set<Variable> mentioned = new HashSet<>(sinks.values());
    forward.forEach(stmt -> AdjointDeclarations.mentions(stmt, mentioned));
    backward.forEach(stmt -> AdjointDeclarations.mentions(stmt, mentioned));
    Map<Parameter, Variable> parameterAdjoints = new LinkedHashMap<>();
    for (Parameter parameter : function.differentiatedParameters()) {
      if (adjoints.exists(parameter.variable())
          && mentioned.contains(adjoints.of(parameter.variable()))) {
        parameterAdjoints.put(parameter, adjoints.of(parameter.variable()));
      }
    }
    return new Gradient(pullback ? pullbackName : function.name(), function, forward, backward,
        result, parameterAdjoints,
        recording.usesTape() ? Optional.of(recording.tape()) : Optional.empty(), upstream, sinks,
        adjoints.requests(), fusedCode);
  }

  /**
   * Puts each fused loop's iteration reverse at the end of its body in the forward pass, and
   * what it needs (its reductions' adjoints, declarations) just before it.
   */
  private static List<Stmt> fuse(List<Stmt> forward, Set<Stmt.Loop> fused,
      ForwardWriter forwardWriter, BackwardWriter backwardWriter, ReductionSeeds seeds,
      Set<Stmt> fusedCode) {
    if (fused.isEmpty()) {
      return forward;
    }
    List<Stmt> out = new ArrayList<>();
    Map<Stmt, Stmt.Loop> original = new IdentityHashMap<>();
    fused.forEach(loop -> original.put(forwardWriter.written(loop), loop));
    for (Stmt stmt : forward) {
      Stmt.Loop loop = original.get(stmt);
      if (loop == null) {
        out.add(stmt);
        continue;
      }
      Stmt.Loop written = (Stmt.Loop) stmt;
      List<Stmt> iteration = new ArrayList<>(written.body());
      iteration.addAll(backwardWriter.iteration(loop));
      List<Stmt> prelude = seeds.prelude(loop);
      Stmt.Loop both = new Stmt.Loop(written.init(), written.condition(), iteration,
          written.update(), true);
      out.addAll(prelude);
      out.add(both);
      fusedCode.addAll(prelude);
      fusedCode.add(both);
    }
    return out;
  }

  private static boolean assignsAnywhere(List<Stmt> statements, Variable variable) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && assign.target() == variable) {
        return true;
      }
      if (stmt instanceof Stmt.Store store && store.target().array() == variable) {
        return true; // an element of a returned vector restored from the tape
      }
      if (stmt instanceof Stmt.If branch && (assignsAnywhere(branch.then(), variable)
          || assignsAnywhere(branch.otherwise(), variable))) {
        return true;
      }
      if (stmt instanceof Stmt.Loop loop && (assignsAnywhere(loop.init(), variable)
          || assignsAnywhere(loop.body(), variable) || assignsAnywhere(loop.update(), variable))) {
        return true;
      }
    }
    return false;
  }

  /** What the reverse of one assignment or store reads. */
  private static Set<Variable> reverseReads(Stmt stmt, Adjoints adjoints) {
    if (stmt instanceof Stmt.Assign assign) {
      return Adjoints.reads(adjoints.contributionsIfActive(
          new Expr.Ref(assign.target()), assign.value()));
    }
    Stmt.Store store = (Stmt.Store) stmt;
    return Adjoints.reads(adjoints.contributionsIfActive(store.target(), store.value()));
  }

  /**
   * Records where each variable is declared (its home block; a loop header's variables belong
   * to the block around the loop), which are declared in nested blocks, and which are
   * overwritten after their declaration.
   */
  private static void survey(List<Stmt> block, List<Stmt> home, boolean topLevel,
      Map<Variable, List<Stmt>> homes, Set<Variable> nested, Set<Variable> overwritten,
      Set<Stmt.Loop> fused) {
    for (Stmt stmt : block) {
      if (stmt instanceof Stmt.Assign assign) {
        if (assign.declares()) {
          homes.put(assign.target(), home);
          if (!topLevel) {
            nested.add(assign.target());
          }
        } else {
          overwritten.add(assign.target());
        }
      } else if (stmt instanceof Stmt.Declare declare) {
        homes.put(declare.variable(), home);
        overwritten.add(declare.variable());
        if (!topLevel) {
          nested.add(declare.variable());
        }
      } else if (stmt instanceof Stmt.If branch) {
        survey(branch.then(), branch.then(), false, homes, nested, overwritten, fused);
        survey(branch.otherwise(), branch.otherwise(), false, homes, nested, overwritten,
            fused);
      } else if (stmt instanceof Stmt.Loop loop) {
        // A fused loop's body is the top level of its iteration, forward and reverse.
        survey(loop.init(), home, false, homes, nested, overwritten, fused);
        survey(loop.body(), loop.body(), fused.contains(loop), homes, nested, overwritten,
            fused);
        survey(loop.update(), loop.update(), false, homes, nested, overwritten, fused);
      }
    }
  }
}
