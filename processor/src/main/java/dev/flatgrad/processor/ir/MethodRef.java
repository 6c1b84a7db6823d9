package dev.flatgrad.processor.ir;

/**
 * A method named by its class and name, Java's overload resolution picking among any: a static
 * method, or with {@code field} set, an instance method of that static field of {@code owner},
 * such as {@code System.out.println}. With no {@code owner}, a method the calling code's class
 * or an enclosing class declares.
 */
public record MethodRef(ClassId owner, String field, String name) {

  /** A static method. */
  public MethodRef(ClassId owner, String name) {
    this(owner, null, name);
  }
}
