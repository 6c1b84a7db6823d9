package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;

/**
 * A user's variable while its method is read: its declared type and the IR variable holding its
 * current value. Each assignment makes a new version, so straight-line code has one IR variable
 * per value, as in SSA form.
 */
final class Local {

  private final String userName;
  private final Type type;
  private Variable current;
  private int versions;
  private boolean broken;

  Local(String userName, Type type, Variable current) {
    this.userName = userName;
    this.type = type;
    this.current = current;
  }

  String userName() {
    return userName;
  }

  Type type() {
    return type;
  }

  /** The variable holding the value now; null before the first assignment. */
  Variable current() {
    return current;
  }

  void assign(Variable next) {
    current = next;
  }

  /** How many times the variable was reassigned before: 1 for {@code x_1}, and so on. */
  int nextVersion() {
    return ++versions;
  }

  /**
   * Whether an error was already reported where this variable got its value; its uses are then
   * not reported again, so one mistake gives one error.
   */
  boolean isBroken() {
    return broken;
  }

  void markBroken() {
    broken = true;
  }
}
