package dev.flatgrad.processor.ir;

/** The binary operators, with their Java text and precedence (higher binds tighter). */
public enum BinaryOperator {
  MULTIPLY("*", 12),
  DIVIDE("/", 12),
  REMAINDER("%", 12),
  ADD("+", 11),
  SUBTRACT("-", 11),
  /** Shifts and the bitwise operators: of integers (and {@code & ^ |} of booleans), data. */
  SHIFT_LEFT("<<", 10),
  SHIFT_RIGHT(">>", 10),
  UNSIGNED_SHIFT_RIGHT(">>>", 10),
  LESS("<", 9),
  LESS_EQUAL("<=", 9),
  GREATER(">", 9),
  GREATER_EQUAL(">=", 9),
  EQUAL("==", 8),
  NOT_EQUAL("!=", 8),
  BITWISE_AND("&", 7),
  BITWISE_XOR("^", 6),
  BITWISE_OR("|", 5),
  AND("&&", 4),
  OR("||", 3);

  private final String symbol;
  private final int precedence;

  BinaryOperator(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isComparison() {
    return precedence == 9 || precedence == 8;
  }

  /** A shift or a bitwise {@code & ^ |}: no derivative, whatever its operands. */
  public boolean isBitwise() {
    return precedence == 10 || precedence >= 5 && precedence <= 7;
  }

  /** {@code << >> >>>}, whose type is their left operand's alone. */
  public boolean isShift() {
    return precedence == 10;
  }

  public boolean isLogical() {
    return this == AND || this == OR;
  }
}
