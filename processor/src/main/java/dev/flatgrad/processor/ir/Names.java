package dev.flatgrad.processor.ir;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out identifiers for one generated method: user names are reserved first, so temporaries
 * ({@code t0}, {@code t1}), versions ({@code x_1}) and adjoints ({@code grad_x}) never collide with
 * them or with each other.
 */
public final class Names {

  private final Set<String> taken = new HashSet<>();
  private int nextTemporary;

  /** An independent copy, for a second method generated from the same function. */
  public Names copy() {
    Names copy = new Names();
    copy.taken.addAll(taken);
    copy.nextTemporary = nextTemporary;
    return copy;
  }

  /** Marks a user's name as used; returns false if it already was. */
  public boolean reserve(String name) {
    return taken.add(name);
  }

  /** {@code base} itself if free, else {@code base_2}, {@code base_3}, and so on. */
  public String fresh(String base) {
    if (taken.add(base)) {
      return base;
    }
    for (int suffix = 2; ; suffix++) {
      String candidate = base + "_" + suffix;
      if (taken.add(candidate)) {
        return candidate;
      }
    }
  }

  /** The name of the {@code version}-th reassignment of {@code base}: {@code base_1}, ... */
  public String version(String base, int version) {
    String candidate = base + "_" + version;
    return taken.add(candidate) ? candidate : fresh(candidate);
  }

  /** The next free temporary name: {@code t0}, {@code t1}, ... */
  public String temporary() {
    while (true) {
      String candidate = "t" + nextTemporary++;
      if (taken.add(candidate)) {
        return candidate;
      }
    }
  }
}
