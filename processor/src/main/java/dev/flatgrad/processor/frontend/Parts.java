package dev.flatgrad.processor.frontend;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The parts of a compound statement (an if's condition and branches, a loop's header and body)
 * each report their own problem, so a bad condition does not hide a problem in the body.
 */
final class Parts {

  private final Consumer<Unsupported> report;
  private boolean failed;

  Parts(Consumer<Unsupported> report) {
    this.report = report;
  }

  /** The value of {@code part}, or null after reporting why it failed. */
  <T> T value(Supplier<T> part) {
    try {
      return part.get();
    } catch (Unsupported unsupported) {
      report.accept(unsupported);
      failed = true;
      return null;
    }
  }

  void run(Runnable part) {
    value(() -> {
      part.run();
      return null;
    });
  }

  /** Ends the statement; if a part failed, the statement is dropped, its problems reported. */
  void finish() {
    if (failed) {
      throw Unsupported.alreadyReported();
    }
  }
}
