package dev.flatgrad.processor.ad;

/**
 * A call passes a value that carries a derivative to a parameter the callee is not
 * differentiated with respect to: the gradient would silently be wrong, so this is an error.
 */
public final class UndifferentiableCall extends RuntimeException {

  public UndifferentiableCall(String message) {
    super(message, null, false, false);
  }
}
