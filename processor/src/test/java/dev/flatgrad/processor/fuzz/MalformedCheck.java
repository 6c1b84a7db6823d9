package dev.flatgrad.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/** Placeholder, filled in with the malformed-input fuzzer. */
final class MalformedCheck {
  private MalformedCheck() {}

  static List<String> problems(List<String> sources, String mainClass) {
    return new ArrayList<>();
  }
}
