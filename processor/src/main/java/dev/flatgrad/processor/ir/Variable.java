package dev.flatgrad.processor.ir;

/**
 * A named storage location of the generated code: a parameter, a user's local (one per version,
 * since a reassigned local gets a new name), a temporary, or an adjoint. Identity matters: two
 * variables are the same only if they are the same object.
 */
public final class Variable {

  /** Where a variable comes from; it decides nothing but how the code is commented and read. */
  public enum Kind {
    PARAMETER,
    LOCAL,
    TEMPORARY,
    ADJOINT
  }

  private final String name;
  private final Type type;
  private final Kind kind;
  private final ClassId enumClass;
  private final boolean optional;

  public Variable(String name, Type type, Kind kind) {
    this(name, type, kind, null);
  }

  /** A variable of {@code type}; {@code enumClass} names the enum of a {@link Type#ENUM} one. */
  public Variable(String name, Type type, Kind kind, ClassId enumClass) {
    this(name, type, kind, enumClass, false);
  }

  /**
   * A variable that may also be {@code optional}: an array parameter the method compares with
   * {@code null}, which callers may pass as null (its gradient is null then).
   */
  public Variable(String name, Type type, Kind kind, ClassId enumClass, boolean optional) {
    this.name = name;
    this.type = type;
    this.kind = kind;
    this.enumClass = enumClass;
    this.optional = optional;
  }

  /** Whether this array may be null, as an optional parameter may be. */
  public boolean optional() {
    return optional;
  }

  /** The enum whose values a {@link Type#ENUM} variable holds; null for other types. */
  public ClassId enumClass() {
    return enumClass;
  }

  /** The unique Java identifier of this variable in the generated method. */
  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return name;
  }
}
