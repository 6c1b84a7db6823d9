package dev.flatgrad.examples.spark;

import java.io.Serializable;

/** One example as a row of an RDD: its input and its class. */
public record LabeledPoint(double[] input, int label) implements Serializable {}
