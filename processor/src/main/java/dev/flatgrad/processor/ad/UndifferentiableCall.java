package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Site;

/**
 * A call passes a value that carries a derivative to a parameter the callee is not
 * differentiated with respect to: the gradient would silently be wrong, so this is an error.
 */
public final class UndifferentiableCall extends RuntimeException {

  private final Site site;

  public UndifferentiableCall(String message) {
    this(message, null);
  }

  /** A problem at {@code site} in the user's code, when known. */
  public UndifferentiableCall(String message, Site site) {
    super(message, null, false, false);
    this.site = site;
  }

  /** Where the call is, or null: then the error goes on the method. */
  public Site site() {
    return site;
  }
}
