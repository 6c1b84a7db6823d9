package dev.flatgrad.benchmarks.support;

import java.util.Arrays;

/**
 * The runtime tape baseline: reverse mode the way a dynamic-graph library does it (PyTorch's
 * autograd, or the seeds' modular {@code forward()}/{@code backward()} API), at the granularity of
 * scalars. Each operation computes its value, and appends a node that records its parents and the
 * local partial derivative with respect to each; {@link #backward} then walks the nodes in reverse,
 * adding upstream × local gradient into the parents' adjoints.
 *
 * <p>Written decently: a node is an {@code int} index into parallel primitive arrays (values,
 * parents, partials, adjoints), so nothing is boxed and recording allocates nothing once the
 * arrays have grown to the size of the graph. A tape is reused across calls with {@link #clear}, as
 * an arena would be.
 *
 * <p>Every node has exactly two parent slots. Node 0 is a sink that absorbs the contributions of
 * missing parents (a leaf has two, a unary operation one), so the reverse sweep has no branches.
 */
public final class ReverseTape {

  private static final int SINK = 0;

  private double[] value;
  private int[] left;
  private int[] right;
  private double[] leftPartial;
  private double[] rightPartial;
  private double[] adjoint;
  private int size;

  public ReverseTape() {
    this(1024);
  }

  public ReverseTape(int capacity) {
    capacity = Math.max(capacity, 2);
    value = new double[capacity];
    left = new int[capacity];
    right = new int[capacity];
    leftPartial = new double[capacity];
    rightPartial = new double[capacity];
    adjoint = new double[capacity];
    clear();
  }

  /** Forgets every node but the sink: the tape is ready to record the next evaluation. */
  public void clear() {
    size = 1;
  }

  /** How many nodes have been recorded, the sink included. */
  public int size() {
    return size;
  }

  public double value(int node) {
    return value[node];
  }

  /** The adjoint of {@code node} after {@link #backward}: d output / d node. */
  public double adjoint(int node) {
    return adjoint[node];
  }

  /** A leaf: an input, or a constant that takes part in operations between nodes. */
  public int leaf(double v) {
    return record(v, SINK, 0.0, SINK, 0.0);
  }

  /** Sets d output / d output = 1 and propagates adjoints to every node recorded before it. */
  public void backward(int output) {
    Arrays.fill(adjoint, 0, output + 1, 0.0);
    adjoint[output] = 1.0;
    for (int node = output; node > SINK; node--) {
      double g = adjoint[node];
      adjoint[left[node]] += g * leftPartial[node];
      adjoint[right[node]] += g * rightPartial[node];
    }
  }

  // Binary operations on nodes.

  public int add(int a, int b) {
    return record(value[a] + value[b], a, 1.0, b, 1.0);
  }

  public int sub(int a, int b) {
    return record(value[a] - value[b], a, 1.0, b, -1.0);
  }

  public int mul(int a, int b) {
    double x = value[a];
    double y = value[b];
    return record(x * y, a, y, b, x);
  }

  public int div(int a, int b) {
    double x = value[a];
    double y = value[b];
    double r = x / y;
    return record(r, a, 1.0 / y, b, -r / y);
  }

  /** {@code max(a, b)}; a tie routes the gradient to {@code a}. */
  public int max(int a, int b) {
    return value[a] >= value[b]
        ? record(value[a], a, 1.0, SINK, 0.0)
        : record(value[b], b, 1.0, SINK, 0.0);
  }

  // Operations of a node with a constant: no node for the constant.

  public int addConst(int a, double c) {
    return unary(value[a] + c, a, 1.0);
  }

  /** {@code c - a}. */
  public int constSub(double c, int a) {
    return unary(c - value[a], a, -1.0);
  }

  public int mulConst(int a, double c) {
    return unary(value[a] * c, a, c);
  }

  // Unary functions.

  public int neg(int a) {
    return unary(-value[a], a, -1.0);
  }

  public int square(int a) {
    double x = value[a];
    return unary(x * x, a, 2.0 * x);
  }

  public int exp(int a) {
    double r = Math.exp(value[a]);
    return unary(r, a, r);
  }

  public int log(int a) {
    double x = value[a];
    return unary(Math.log(x), a, 1.0 / x);
  }

  public int sin(int a) {
    double x = value[a];
    return unary(Math.sin(x), a, Math.cos(x));
  }

  public int cos(int a) {
    double x = value[a];
    return unary(Math.cos(x), a, -Math.sin(x));
  }

  public int tanh(int a) {
    double r = Math.tanh(value[a]);
    return unary(r, a, 1.0 - r * r);
  }

  public int sigmoid(int a) {
    double r = 1.0 / (1.0 + Math.exp(-value[a]));
    return unary(r, a, r * (1.0 - r));
  }

  private int unary(double v, int a, double partial) {
    return record(v, a, partial, SINK, 0.0);
  }

  private int record(double v, int a, double da, int b, double db) {
    if (size == value.length) {
      grow();
    }
    int node = size++;
    value[node] = v;
    left[node] = a;
    leftPartial[node] = da;
    right[node] = b;
    rightPartial[node] = db;
    return node;
  }

  private void grow() {
    int capacity = 2 * value.length;
    value = Arrays.copyOf(value, capacity);
    left = Arrays.copyOf(left, capacity);
    right = Arrays.copyOf(right, capacity);
    leftPartial = Arrays.copyOf(leftPartial, capacity);
    rightPartial = Arrays.copyOf(rightPartial, capacity);
    adjoint = Arrays.copyOf(adjoint, capacity);
  }
}
