package dev.flatgrad;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Checks a gradient, typically one flatgrad generated, against central finite differences of the
 * user's own method: for every entry {@code x} of every parameter, {@code (f(x + h) - f(x - h)) /
 * 2h}. It reports, per parameter, the worst relative error and where it occurred.
 *
 * <pre>{@code
 * var g = SpiralMlpGrad.loss(Wh, bh, Wy, by, inputs, labels);
 * GradCheck.Result check = GradCheck.of(a ->
 *         SpiralMlp.loss(a.matrix(0), a.vector(1), a.matrix(2), a.vector(3), inputs, labels))
 *     .matrix("Wh", Wh, g.Wh())
 *     .vector("bh", bh, g.bh())
 *     .matrix("Wy", Wy, g.Wy())
 *     .vector("by", by, g.by())
 *     .run();
 * check.passes(1e-5); // System.out.println(check) prints the report
 * }</pre>
 *
 * <p>For a method flatgrad generated the gradient of, one call does all of this:
 * {@link #method(Class, String)} finds the generated method, calls it, and checks every
 * differentiated parameter (records included) against your method at the arguments you give, or at
 * random ones:
 *
 * <pre>{@code
 * GradCheck.method(SpiralMlp.class, "loss").at(Wh, bh, Wy, by, inputs, labels).passes(1e-5);
 * GradCheck.method(SpiralMlp.class, "loss").atRandom(42, Wh, bh, Wy, by, inputs, labels);
 * }</pre>
 *
 * <p>Parameters are numbered in the order they are added; the objective reads them by that number
 * from {@link Arguments}. The check works on copies, so the caller's arrays are never changed.
 * Data parameters (not differentiated) are simply captured by the lambda.
 *
 * <p>The relative error of one entry is {@code |generated - estimate| / max(|generated|,
 * |estimate|, floor)}. The floor (default {@value #DEFAULT_FLOOR}) keeps derivatives that are
 * zero or nearly so from dividing by nothing: central differences cannot resolve them relative to
 * their size, so below the floor the difference is measured against the floor instead.
 */
public final class GradCheck {

  /** The step, relative to {@code max(1, |x|)}: balances truncation and rounding error. */
  public static final double DEFAULT_STEP = 1e-5;

  /**
   * Central differences are good to about {@code 1e-11} times the function's scale: relative to a
   * floor of {@code 1e-4}, that noise stays near {@code 1e-7}, while a real mistake in a small
   * derivative still shows as its absolute size over the floor.
   */
  public static final double DEFAULT_FLOOR = 1e-4;

  /** The user's function, reading its differentiated arguments from {@code arguments}. */
  @FunctionalInterface
  public interface Objective {
    /**
     * The function's value.
     *
     * @param arguments the differentiated arguments, by the number they were added with
     * @return the function's value at them
     */
    double at(Arguments arguments);
  }

  private final Objective objective;
  private final List<Parameter> parameters = new ArrayList<>();
  private double step = DEFAULT_STEP;
  private double floor = DEFAULT_FLOOR;

  private GradCheck(Objective objective) {
    this.objective = objective;
  }

  /**
   * Starts a check of {@code objective}; add its parameters, then {@link #run()}.
   *
   * @param objective the function whose gradient is checked
   * @return a check with no parameters yet
   */
  public static GradCheck of(Objective objective) {
    return new GradCheck(objective);
  }

  /**
   * Starts the check of the gradient flatgrad generated for {@code userClass.methodName} (the
   * method of the same name in {@code CGrad}) against finite differences of that method itself.
   * Give the arguments with {@link OfMethod#at(Object...)} or draw them with
   * {@link OfMethod#atRandom(long, Object...)}.
   *
   * <p>Every parameter the gradient has a component for is checked: {@code double},
   * {@code double[]}, {@code double[][]} and records of these, named in the report like the
   * parameter ({@code w[2]}, {@code params.bias}). The generated record's components are matched
   * to the parameters by name when the class was compiled with {@code -parameters}; otherwise by
   * position, which works unless {@code wrt} leaves out some parameters of a differentiable type
   * (then compile with {@code -parameters}, or use {@link #of(Objective)}). The method may be
   * package-private; it must return {@code double}.
   *
   * @param userClass the class that declares the {@code @Differentiable} method
   * @param methodName the method's name; overloads are told apart by the arguments
   * @return the check, to be given its arguments
   */
  public static OfMethod method(Class<?> userClass, String methodName) {
    return new OfMethod(userClass, methodName);
  }

  /** The check of one generated gradient, at the arguments given or at random ones. */
  public static final class OfMethod {

    private final Class<?> userClass;
    private final String methodName;
    private double step = DEFAULT_STEP;
    private double floor = DEFAULT_FLOOR;

    private OfMethod(Class<?> userClass, String methodName) {
      this.userClass = userClass;
      this.methodName = methodName;
    }

    /**
     * The finite-difference step; see {@link GradCheck#step(double)}.
     *
     * @param relativeStep the step relative to {@code max(1, |x|)}
     * @return this check
     */
    public OfMethod step(double relativeStep) {
      GradCheck.of(arguments -> 0).step(relativeStep); // the same validation
      this.step = relativeStep;
      return this;
    }

    /**
     * The floor of the relative error; see {@link GradCheck#floor(double)}.
     *
     * @param floor the magnitude below which derivatives are compared absolutely
     * @return this check
     */
    public OfMethod floor(double floor) {
      GradCheck.of(arguments -> 0).floor(floor);
      this.floor = floor;
      return this;
    }

    /**
     * Checks the gradient at {@code arguments}: the method's arguments in order, its receiver
     * first for an instance method. They are copied; your arrays are never changed.
     *
     * @param arguments the arguments, exactly as you would pass them to the method
     * @return the worst relative error of each differentiated parameter
     * @throws IllegalArgumentException if there is no generated gradient of such a method
     */
    public Result at(Object... arguments) {
      return MethodUnderCheck.at(userClass, methodName, arguments, null)
          .step(step).floor(floor).run();
    }

    /**
     * Checks the gradient at a random point: {@code arguments} give the shapes, the data
     * parameters and the receiver, and every entry of every differentiated parameter is drawn
     * uniformly from [-1, 1) by a {@link Random} seeded with {@code seed}, so a failure repeats.
     *
     * @param seed the seed of the draw
     * @param arguments the arguments whose differentiated entries are replaced
     * @return the worst relative error of each differentiated parameter
     * @throws IllegalArgumentException if there is no generated gradient of such a method
     */
    public Result atRandom(long seed, Object... arguments) {
      return MethodUnderCheck.at(userClass, methodName, arguments, new Random(seed))
          .step(step).floor(floor).run();
    }
  }

  /**
   * Adds a {@code double} parameter at {@code value}, with its claimed derivative.
   *
   * @param name the name the report shows
   * @param value the point
   * @param gradient the derivative to check
   * @return this check
   */
  public GradCheck scalar(String name, double value, double gradient) {
    return add(new Parameter(name, Kind.SCALAR, new double[][] {{value}},
        new double[][] {{gradient}}));
  }

  /**
   * Adds a {@code double[]} parameter at {@code value}, with its claimed gradient.
   *
   * @param name the name the report shows
   * @param value the point, copied
   * @param gradient the gradient to check, shaped like {@code value}
   * @return this check
   */
  public GradCheck vector(String name, double[] value, double[] gradient) {
    requireShape(name, new double[][] {value}, new double[][] {gradient});
    return add(new Parameter(name, Kind.VECTOR, new double[][] {value.clone()},
        new double[][] {gradient.clone()}));
  }

  /**
   * Adds a {@code double[][]} parameter at {@code value}, with its claimed gradient.
   *
   * @param name the name the report shows
   * @param value the point, copied
   * @param gradient the gradient to check, shaped like {@code value}
   * @return this check
   */
  public GradCheck matrix(String name, double[][] value, double[][] gradient) {
    requireShape(name, value, gradient);
    return add(new Parameter(name, Kind.MATRIX, deepCopy(value), deepCopy(gradient)));
  }

  /**
   * The finite-difference step relative to {@code max(1, |x|)}; default {@value #DEFAULT_STEP}.
   *
   * @param relativeStep the step, positive
   * @return this check
   */
  public GradCheck step(double relativeStep) {
    if (!(relativeStep > 0)) {
      throw new IllegalArgumentException("step must be positive: " + relativeStep);
    }
    this.step = relativeStep;
    return this;
  }

  /**
   * Derivatives below this magnitude are compared absolutely; default {@value #DEFAULT_FLOOR}.
   *
   * @param floor the floor, positive
   * @return this check
   */
  public GradCheck floor(double floor) {
    if (!(floor > 0)) {
      throw new IllegalArgumentException("floor must be positive: " + floor);
    }
    this.floor = floor;
    return this;
  }

  /**
   * Evaluates the objective twice per entry and compares.
   *
   * @return the worst relative error of each parameter
   */
  public Result run() {
    Arguments arguments = new Arguments(parameters);
    List<ParameterError> errors = new ArrayList<>();
    int entries = 0;
    for (Parameter parameter : parameters) {
      ParameterError worst = null;
      for (int row = 0; row < parameter.value.length; row++) {
        for (int column = 0; column < parameter.value[row].length; column++) {
          double estimate = centralDifference(arguments, parameter.value[row], column);
          double generated = parameter.gradient[row][column];
          double error = relativeError(generated, estimate);
          if (worst == null || !(error <= worst.relativeError())) { // NaN is the worst
            worst = new ParameterError(parameter.name, error,
                parameter.kind.index(row, column), generated, estimate);
          }
          entries++;
        }
      }
      errors.add(worst == null ? ParameterError.empty(parameter.name) : worst);
    }
    return new Result(errors, entries, step);
  }

  private double centralDifference(Arguments arguments, double[] row, int column) {
    double x = row[column];
    double h = step * Math.max(1, Math.abs(x));
    double plus = x + h;
    double minus = x - h;
    row[column] = plus;
    double high = objective.at(arguments);
    row[column] = minus;
    double low = objective.at(arguments);
    row[column] = x;
    // Divide by the step actually taken, which rounding may have changed.
    return (high - low) / (plus - minus);
  }

  private double relativeError(double generated, double estimate) {
    if (generated == estimate) {
      return 0; // also for infinities, which the subtraction below would turn into NaN
    }
    double scale = Math.max(floor, Math.max(Math.abs(generated), Math.abs(estimate)));
    return Math.abs(generated - estimate) / scale;
  }

  private GradCheck add(Parameter parameter) {
    parameters.add(parameter);
    return this;
  }

  private static void requireShape(String name, double[][] value, double[][] gradient) {
    if (value.length != gradient.length) {
      throw new IllegalArgumentException(name + ": gradient has " + gradient.length
          + " rows, the parameter " + value.length);
    }
    for (int row = 0; row < value.length; row++) {
      if (value[row].length != gradient[row].length) {
        throw new IllegalArgumentException(name + ": gradient row " + row + " has "
            + gradient[row].length + " entries, the parameter " + value[row].length);
      }
    }
  }

  private static double[][] deepCopy(double[][] matrix) {
    double[][] copy = new double[matrix.length][];
    for (int row = 0; row < matrix.length; row++) {
      copy[row] = matrix[row].clone();
    }
    return copy;
  }

  private enum Kind {
    SCALAR, VECTOR, MATRIX;

    String index(int row, int column) {
      return switch (this) {
        case SCALAR -> "";
        case VECTOR -> "[" + column + "]";
        case MATRIX -> "[" + row + "][" + column + "]";
      };
    }
  }

  /** Every parameter is held as rows: a scalar as 1×1, a vector as its single row. */
  private record Parameter(String name, Kind kind, double[][] value, double[][] gradient) {}

  /**
   * The arguments the objective is evaluated at: copies of the parameters' values, one entry of
   * which is perturbed at a time. The objective must not change them.
   */
  public static final class Arguments {

    private final List<Parameter> parameters;

    private Arguments(List<Parameter> parameters) {
      this.parameters = parameters;
    }

    /**
     * The {@code double} parameter added {@code index}-th, counting from 0.
     *
     * @param index its number
     * @return its value at the current evaluation
     */
    public double scalar(int index) {
      return parameter(index, Kind.SCALAR).value[0][0];
    }

    /**
     * The {@code double[]} parameter added {@code index}-th, counting from 0.
     *
     * @param index its number
     * @return its value at the current evaluation
     */
    public double[] vector(int index) {
      return parameter(index, Kind.VECTOR).value[0];
    }

    /**
     * The {@code double[][]} parameter added {@code index}-th, counting from 0.
     *
     * @param index its number
     * @return its value at the current evaluation
     */
    public double[][] matrix(int index) {
      return parameter(index, Kind.MATRIX).value;
    }

    private Parameter parameter(int index, Kind kind) {
      if (index < 0 || index >= parameters.size()) {
        throw new IndexOutOfBoundsException("there are " + parameters.size()
            + " parameters, no parameter " + index);
      }
      Parameter parameter = parameters.get(index);
      if (parameter.kind != kind) {
        throw new IllegalArgumentException("parameter " + index + " (" + parameter.name
            + ") is a " + parameter.kind.name().toLowerCase(Locale.ROOT)
            + ", not a " + kind.name().toLowerCase(Locale.ROOT));
      }
      return parameter;
    }
  }

  /**
   * The worst entry of one parameter.
   *
   * @param name the parameter's name
   * @param relativeError the worst relative error over its entries; 0 for an empty array; NaN if
   *     either side was NaN
   * @param index where it occurred: {@code ""} for a scalar, {@code "[i]"}, {@code "[i][j]"}
   * @param generated the checked gradient at that entry
   * @param estimate the central difference at that entry
   */
  public record ParameterError(
      String name, double relativeError, String index, double generated, double estimate) {

    static ParameterError empty(String name) {
      return new ParameterError(name, 0, "", 0, 0);
    }

    /**
     * Whether this parameter's worst relative error is at most {@code tolerance}.
     *
     * @param tolerance the largest acceptable relative error
     * @return false also for NaN
     */
    public boolean passes(double tolerance) {
      return relativeError <= tolerance; // false for NaN
    }
  }

  /**
   * The outcome of a check: the worst relative error of each parameter, in the order added.
   * {@link #toString()} is a readable report, one line per parameter.
   *
   * @param parameters the worst entry of each parameter
   * @param entries how many entries were checked in all
   * @param step the relative finite-difference step used
   */
  public record Result(List<ParameterError> parameters, int entries, double step) {

    /**
     * Keeps an unmodifiable copy of {@code parameters}.
     *
     * @param parameters the worst entry of each parameter
     * @param entries how many entries were checked in all
     * @param step the relative finite-difference step used
     */
    public Result {
      parameters = List.copyOf(parameters);
    }

    /**
     * Whether every parameter's worst relative error is at most {@code tolerance}.
     *
     * @param tolerance the largest acceptable relative error
     * @return false if any is larger or NaN
     */
    public boolean passes(double tolerance) {
      return parameters.stream().allMatch(parameter -> parameter.passes(tolerance));
    }

    /**
     * The worst relative error over all parameters; 0 if there are none.
     *
     * @return the largest relative error, or NaN if any is NaN
     */
    public double worstRelativeError() {
      double worst = 0;
      for (ParameterError parameter : parameters) {
        if (Double.isNaN(parameter.relativeError())) {
          return Double.NaN;
        }
        worst = Math.max(worst, parameter.relativeError());
      }
      return worst;
    }

    /**
     * The parameter called {@code name}.
     *
     * @param name its name as added
     * @return its worst entry
     * @throws IllegalArgumentException if there is no such parameter
     */
    public ParameterError parameter(String name) {
      return parameters.stream()
          .filter(parameter -> parameter.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no parameter " + name));
    }

    @Override
    public String toString() {
      int width = parameters.stream().mapToInt(p -> (p.name() + p.index()).length()).max()
          .orElse(0);
      StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
          "gradient check: %s, %s, central differences with step %.0e%n",
          count(parameters.size(), "parameter"), count(entries, "entry", "entries"), step));
      for (ParameterError parameter : parameters) {
        report.append(String.format(Locale.ROOT, "  %-" + width + "s  worst relative error %.2e"
                + "  (gradient %.8g, finite difference %.8g)%n",
            parameter.name() + parameter.index(), parameter.relativeError(),
            parameter.generated(), parameter.estimate()));
      }
      return report.toString();
    }

    private static String count(int n, String one) {
      return count(n, one, one + "s");
    }

    private static String count(int n, String one, String many) {
      return n + " " + (n == 1 ? one : many);
    }
  }
}
