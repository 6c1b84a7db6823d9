package dev.flatgrad.processor;

import dev.flatgrad.processor.ad.ForwardOverReverse;
import dev.flatgrad.processor.ad.ReverseMode;
import dev.flatgrad.processor.emit.GradClassWriter;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.ParameterSlots;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Which callees have a pullback tangent, {@code fPullbackTangent}, that second-order code can
 * call. A method of the round has one when forward over reverse handles its pullback, which
 * depends on its own callees having one: with chains and recursion that is a fixed point, found
 * by starting from every method and dropping those that call a dropped one until none is.
 * A custom rule has one when it has a tangent rule; a callee compiled earlier (a jar) when its
 * generated class declares the method.
 */
final class SecondOrderCallees implements Predicate<Callee> {

  private final Map<String, Function> functions;
  private final Set<String> local;
  private final Set<String> rules;
  private final Set<String> roundRules;
  private final Elements elements;

  private SecondOrderCallees(Map<String, Function> functions, Set<String> local,
      Set<String> rules, Set<String> roundRules, Elements elements) {
    this.functions = functions;
    this.local = local;
    this.rules = rules;
    this.roundRules = roundRules;
    this.elements = elements;
  }

  /**
   * @param functions the round's differentiated methods by {@link Callee#key()}
   * @param roundRules the keys of the round's custom rules
   * @param rulesWithTangent the keys of those that have a tangent rule
   */
  static SecondOrderCallees of(Map<String, Function> functions, Set<String> roundRules,
      Set<String> rulesWithTangent, Elements elements) {
    Set<String> candidates = new HashSet<>();
    functions.forEach((key, function) -> {
      if (ParameterSlots.fitPullbackTangent(function.parameters())) {
        candidates.add(key);
      }
    });
    SecondOrderCallees callees =
        new SecondOrderCallees(functions, candidates, rulesWithTangent, roundRules, elements);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String key : Set.copyOf(candidates)) {
        if (!callees.transforms(functions.get(key))) {
          candidates.remove(key);
          changed = true;
        }
      }
    }
    return callees;
  }

  /** Whether forward over reverse handles {@code function}'s pullback, given the callees now. */
  boolean transforms(Function function) {
    try {
      ForwardOverReverse.ofPullback(
          ReverseMode.pullback(function, function.name() + "Pullback", callee -> false), this);
      return true;
    } catch (ForwardOverReverse.Unsupported notYet) {
      return false;
    } catch (RuntimeException firstOrderProblem) {
      // Such as a call that cannot be differentiated: the method's own gradient reports it.
      return false;
    }
  }

  /** Whether {@code function} (of the round) gets a pullback tangent. */
  boolean has(String key) {
    return local.contains(key);
  }

  @Override
  public boolean test(Callee callee) {
    String key = callee.key();
    if (local.contains(key) || rules.contains(key)) {
      return true;
    }
    if (roundRules.contains(key)) {
      return false;
    }
    // Compiled before this round: its generated class tells.
    TypeElement gradClass = elements.getTypeElement(
        GradClassWriter.gradClassOf(callee.owner()).canonicalName());
    if (gradClass == null) {
      return false;
    }
    for (Element member : gradClass.getEnclosedElements()) {
      if (member.getKind() == ElementKind.METHOD
          && member.getSimpleName().contentEquals(callee.pullbackTangentName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a method gets no Hessian-vector product, for its Javadoc: what {@code notYet} says,
   * told in terms of the callee that has no pullback tangent.
   */
  String why(ForwardOverReverse.Unsupported notYet) {
    if (notYet.callee().isEmpty()) {
      return notYet.getMessage();
    }
    Callee callee = notYet.callee().get();
    String key = callee.key();
    if (roundRules.contains(key)) {
      return "it calls " + callee.name() + ", whose custom derivative has no tangent rule"
          + " (@Differentiable(tangent = ...))";
    }
    if (!local.contains(key) && functions.containsKey(key)) {
      return "it calls " + callee.name() + ", which has no Hessian-vector product itself";
    }
    return notYet.getMessage();
  }
}
