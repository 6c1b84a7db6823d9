package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Objects passed to calls that run as written: {@code LOG.log(Level.FINE, "x = {0}", x)},
 * {@code Objects.requireNonNull(w, "w")}, a varargs check with a message format. Static fields of
 * library classes go to the call by name; strings, concatenations and active doubles by value,
 * with no derivative. Values, gradients, tangents, pullbacks (through a caller) and
 * Hessian-vector products against finite differences of the user's methods; the generated code
 * logs what the user's method logs.
 */
class PassiveObjectArgumentsTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Passive", """
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(Passive.class.getName());

  static final class Check {
    static void checkArgument(boolean ok, String format, Object... arguments) {
      if (!ok) {
        throw new IllegalArgumentException(String.format(format, arguments));
      }
    }
  }

  @Differentiable
  static double logged(double x, double[] w, int n) {
    LOG.log(java.util.logging.Level.FINE, "x = {0}", x);
    java.util.Objects.requireNonNull(w, "w");
    Check.checkArgument(n > 0, "n must be positive: %s", n);
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.sin(x * w[i % w.length]) * w[i % w.length];
      LOG.log(java.util.logging.Level.FINER, "s = {0}", s);
      if (LOG.isLoggable(java.util.logging.Level.FINEST)) {
        LOG.log(java.util.logging.Level.FINEST, "s = " + s + ", x = " + x);
      }
      Check.checkArgument(Double.isFinite(s), "s = %s at %s", s, i);
    }
    LOG.log(java.util.logging.Level.FINE, "done: " + s);
    return s * x;
  }

  @Differentiable
  static double caller(double a, double[] v) {
    double t = Math.exp(a) * v[0];
    return logged(t, v, 3) + logged(a * a, v, 2);
  }
""");
  }

  @Test
  void gradientsTangentsAndSecondOrder() {
    double[] w = {0.4, -1.1, 2.0};
    f.check("logged", 0.7, w, 5);
    SecondOrderTest.checkHessianVector(f.code(), "p.Passive", "logged", 0.7, w, 5);
  }

  @Test
  void pullbackThroughACaller() {
    double[] v = {0.9, -0.3};
    f.check("caller", 0.2, v);
    SecondOrderTest.checkHessianVector(f.code(), "p.Passive", "caller", 0.2, v);
  }

  @Test
  void theGeneratedCodeLogsWhatTheUsersMethodLogs() {
    Logger logger = Logger.getLogger("p.Passive");
    List<String> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record.getLevel() + " " + record.getMessage() + " "
            + Arrays.toString(record.getParameters()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level level = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    try {
      double[] w = {0.4, -1.1};
      f.value("logged", 0.7, w, 2);
      List<String> user = List.copyOf(records);
      records.clear();
      f.gradient("logged", 0.7, w, 2);
      assertThat(user).hasSize(6);
      assertThat(user.get(0)).isEqualTo("FINE x = {0} [0.7]");
      assertThat(records).isEqualTo(user);
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(level);
    }
  }

  @Test
  void checksThrowWhatTheUsersMethodThrows() {
    Throwable user = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class,
        () -> f.value("logged", 0.7, new double[] {1}, 0));
    Throwable generated = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class,
        () -> f.gradient("logged", 0.7, new double[] {1}, 0));
    assertThat(rootCause(generated).getClass()).isEqualTo(IllegalArgumentException.class);
    assertThat(rootCause(generated).getMessage()).isEqualTo(rootCause(user).getMessage());
    assertThat(rootCause(user).getMessage()).isEqualTo("n must be positive: 0");
  }

  @Test
  void fieldsArePassedByName() throws Exception {
    String generated = f.code().compilation().generatedSourceFile("p.PassiveGrad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).contains("PassiveGrad.LOG.log(Level.FINE, \"x = {0}\", x);");
    assertThat(generated).contains("Objects.requireNonNull(w, \"w\");");
    assertThat(generated).contains("if (PassiveGrad.LOG.isLoggable(Level.FINEST))");
    assertThat(generated).contains(
        "Passive.Check.checkArgument(n > 0, \"n must be positive: %s\", n);");
  }

  @Test
  void aPrivateObjectFieldIsAPositionedError() {
    MarkedSource source = MarkedSource.ofMembers("""
        private static final java.util.logging.Level QUIET = java.util.logging.Level.FINE;
        static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("b");

        @Differentiable
        static double f(double x) {
          LOG.log(QUIET, "x = " + x); //!
          return x * x;
        }
        """);
    Compilation compilation = source.compile();
    CompilationSubject.assertThat(compilation).hadErrorContaining(
        "Bad.QUIET is private, but the generated code must pass it to the call; make it"
            + " package-private").inFile(source.file()).onLine(source.line());
    assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors()).hasSize(1);
  }

  private static Throwable rootCause(Throwable thrown) {
    while (thrown.getCause() != null) {
      thrown = thrown.getCause();
    }
    return thrown;
  }
}
