package dev.flatgrad.processor.ir;

/** The Java types a value in a differentiable method may have. */
public enum Type {
  DOUBLE("double"),
  INT("int"),
  BOOLEAN("boolean");

  private final String javaName;

  Type(String javaName) {
    this.javaName = javaName;
  }

  /** The type as written in Java source. */
  public String javaName() {
    return javaName;
  }

  /** Java's binary numeric promotion for {@code int} and {@code double}. */
  public static Type promote(Type a, Type b) {
    return a == DOUBLE || b == DOUBLE ? DOUBLE : INT;
  }
}
