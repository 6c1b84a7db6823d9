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
  private final Set<String> qualifiers = new HashSet<>();
  /** Every name this allocator and its copies handed out or reserved: shared by the copies. */
  private final Set<String> everUsed;
  private int nextTemporary;

  public Names() {
    this(new HashSet<>());
  }

  private Names(Set<String> everUsed) {
    this.everUsed = everUsed;
  }

  /**
   * An independent copy, for a second method generated from the same function; what it hands
   * out still counts in {@link #everUsed()}.
   */
  public Names copy() {
    Names copy = new Names(everUsed);
    copy.taken.addAll(taken);
    copy.qualifiers.addAll(qualifiers);
    copy.nextTemporary = nextTemporary;
    return copy;
  }

  /**
   * Every variable name of every method generated from this allocator and its copies: what may
   * hide a class of the same name from the generated code.
   */
  public Set<String> everUsed() {
    return java.util.Collections.unmodifiableSet(everUsed);
  }

  /**
   * Marks a name that generated code writes first in a qualified class name, such as the
   * package root {@code java} in {@code java.lang.Math}: a user's local of that name would hide
   * the package, so it gets a fresh name instead.
   */
  public void reserveQualifier(String name) {
    qualifiers.add(name);
  }

  /** Whether a user's local named {@code name} must be renamed; see {@link #reserveQualifier}. */
  public boolean isQualifier(String name) {
    return qualifiers.contains(name);
  }

  /** Marks a user's name as used; returns false if it already was. */
  public boolean reserve(String name) {
    everUsed.add(name);
    return taken.add(name);
  }

  private boolean take(String name) {
    if (!taken.add(name)) {
      return false;
    }
    everUsed.add(name);
    return true;
  }

  /** {@code base} itself if free, else {@code base_2}, {@code base_3}, and so on. */
  public String fresh(String base) {
    if (take(base)) {
      return base;
    }
    for (int suffix = 2; ; suffix++) {
      String candidate = base + "_" + suffix;
      if (take(candidate)) {
        return candidate;
      }
    }
  }

  /** The name of the {@code version}-th reassignment of {@code base}: {@code base_1}, ... */
  public String version(String base, int version) {
    String candidate = base + "_" + version;
    return take(candidate) ? candidate : fresh(candidate);
  }

  /** The next free temporary name: {@code t0}, {@code t1}, ... */
  public String temporary() {
    while (true) {
      String candidate = "t" + nextTemporary++;
      if (take(candidate)) {
        return candidate;
      }
    }
  }
}
