package dev.flatgrad.benchmarks.support;

/** Arrays of inputs as tape leaves, and their adjoints read back after the reverse sweep. */
public final class TapeArrays {

  private TapeArrays() {}

  public static int[] leaves(ReverseTape tape, double[] values) {
    int[] nodes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      nodes[i] = tape.leaf(values[i]);
    }
    return nodes;
  }

  public static int[][] leaves(ReverseTape tape, double[][] values) {
    int[][] nodes = new int[values.length][];
    for (int i = 0; i < values.length; i++) {
      nodes[i] = leaves(tape, values[i]);
    }
    return nodes;
  }

  public static void adjoints(ReverseTape tape, int[] nodes, double[] out) {
    for (int i = 0; i < nodes.length; i++) {
      out[i] = tape.adjoint(nodes[i]);
    }
  }

  public static void adjoints(ReverseTape tape, int[][] nodes, double[][] out) {
    for (int i = 0; i < nodes.length; i++) {
      adjoints(tape, nodes[i], out[i]);
    }
  }
}
