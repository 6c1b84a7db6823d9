package dev.flatgrad.processor.ir;

/** A parameter of the user's method, and whether its gradient is asked for. */
public record Parameter(Variable variable, boolean differentiated) {

  public String name() {
    return variable.name();
  }

  public Type type() {
    return variable.type();
  }
}
