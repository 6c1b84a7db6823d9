package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A class named without javac or JavaPoet types: its package and its simple names from the
 * outermost class in, such as {@code ("p", ["Outer", "Inner"])}.
 */
public record ClassId(String packageName, List<String> simpleNames) {

  public ClassId {
    simpleNames = List.copyOf(simpleNames);
  }

  /** The name as written in source: {@code p.Outer.Inner}. */
  public String canonicalName() {
    String nested = String.join(".", simpleNames);
    return packageName.isEmpty() ? nested : packageName + "." + nested;
  }

  /** The class flatgrad generates for this one: {@code p.CGrad}, {@code p.Outer_InnerGrad}. */
  public ClassId gradClass() {
    return new ClassId(packageName, List.of(String.join("_", simpleNames) + "Grad"));
  }
}
