package dev.flatgrad.processor.ir;

/** The unary operators, with the Java text that writes them. */
public enum UnaryOperator {
  NEGATE("-"),
  PLUS("+"),
  NOT("!"),
  TO_DOUBLE("(double) "),
  TO_INT("(int) ");

  private final String symbol;

  UnaryOperator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
