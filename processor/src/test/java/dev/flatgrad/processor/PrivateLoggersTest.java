package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Private logger fields ({@code private static final Logger LOG = Logger.getLogger(...)}) and
 * private checks called as statements: the generated class holds its own copy of the logger,
 * the same logger, so the generated code logs what the user's method logs, at the same points.
 * Values, gradients, tangents and Hessian-vector products against finite differences.
 */
class PrivateLoggersTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Logs", """
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(Logs.class.getName());

  private static void checkFinite(double v, String name) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " is not finite: " + v);
    }
    LOG.finer("checked " + name);
  }

  @Differentiable
  static double fit(double[] w, double lr) {
    checkFinite(lr, "lr");
    double loss = 0;
    for (int i = 0; i < w.length; i++) {
      double r = Math.sin(w[i]) - lr * w[i];
      loss += r * r;
      if (!LOG.getUseParentHandlers()) {
        LOG.fine("never");
      }
      LOG.fine("step " + i + ": loss = " + loss);
    }
    LOG.info("done");
    return loss;
  }
""");
  }

  @Test
  void gradientsThroughLoggingAndChecks() {
    double[] w = {0.4, -1.1, 2.0};
    f.check("fit", w, 0.3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Logs", "fit", w, 0.3);
  }

  @Test
  void theGeneratedCodeLogsWhatTheUsersMethodLogs() {
    Logger logger = Logger.getLogger("p.Logs");
    List<String> messages = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        messages.add(record.getLevel() + " " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level level = logger.getLevel();
    logger.setLevel(Level.FINER);
    logger.addHandler(handler);
    try {
      double[] w = {0.4, -1.1};
      f.value("fit", w, 0.3);
      List<String> user = List.copyOf(messages);
      messages.clear();
      f.gradient("fit", w, 0.3);
      assertThat(user).containsExactly("FINER checked lr", "FINE step 0: loss = "
          + Math.pow(Math.sin(0.4) - 0.3 * 0.4, 2), "FINE step 1: loss = "
          + (Math.pow(Math.sin(0.4) - 0.3 * 0.4, 2) + Math.pow(Math.sin(-1.1) + 0.3 * 1.1, 2)),
          "INFO done").inOrder();
      assertThat(messages).isEqualTo(user);
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(level);
    }
  }

  @Test
  void theCopyIsTheSameLoggerByName() throws Exception {
    String generated = f.code().compilation().generatedSourceFile("p.LogsGrad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).contains(
        "private static final Logger LOG = Logger.getLogger(\"p.Logs\");");
    assertThat(generated).contains("LogsGrad.LOG.fine(");
  }
}
