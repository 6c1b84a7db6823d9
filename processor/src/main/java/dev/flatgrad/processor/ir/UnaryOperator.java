package dev.flatgrad.processor.ir;

/** The unary operators, with the Java text that writes them. */
public enum UnaryOperator {
  NEGATE("-"),
  PLUS("+"),
  NOT("!"),
  /** {@code ~}, of integers. */
  COMPLEMENT("~"),
  TO_DOUBLE("(double) "),
  TO_INT("(int) "),
  TO_LONG("(long) "),
  TO_FLOAT("(float) "),
  TO_SHORT("(short) "),
  TO_BYTE("(byte) "),
  TO_CHAR("(char) ");

  private final String symbol;

  UnaryOperator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** The cast to {@code type}, a primitive number type. */
  public static UnaryOperator castTo(Type type) {
    return switch (type) {
      case DOUBLE -> TO_DOUBLE;
      case INT -> TO_INT;
      case LONG -> TO_LONG;
      case FLOAT -> TO_FLOAT;
      case SHORT -> TO_SHORT;
      case BYTE -> TO_BYTE;
      case CHAR -> TO_CHAR;
      default -> throw new IllegalArgumentException("no cast to " + type);
    };
  }

  /** Whether this is a cast to a number type. */
  public boolean isCast() {
    return this != NEGATE && this != PLUS && this != NOT;
  }
}
