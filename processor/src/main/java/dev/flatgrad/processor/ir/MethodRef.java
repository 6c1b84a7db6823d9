package dev.flatgrad.processor.ir;

/**
 * A method named by its class and name, Java's overload resolution picking among any: a static
 * method, or with {@code field} set, an instance method of that static field of {@code owner},
 * such as {@code System.out.println}. With no {@code owner}, a method the calling code's class
 * or an enclosing class declares. With {@code onFirstArgument}, an instance method of {@code
 * owner} called on the first argument, such as {@code type.sign()} of an enum value.
 */
public record MethodRef(ClassId owner, String field, String name, boolean onFirstArgument) {

  /** A static method, or one of a static field. */
  public MethodRef(ClassId owner, String field, String name) {
    this(owner, field, name, false);
  }

  /** A static method. */
  public MethodRef(ClassId owner, String name) {
    this(owner, null, name);
  }

  /** An instance method of {@code owner}, called on the first argument. */
  public static MethodRef onFirstArgument(ClassId owner, String name) {
    return new MethodRef(owner, null, name, true);
  }
}
