package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;

/**
 * A user's variable while its method is read: its declared type, the IR variable holding its
 * current value, and the block that declares it. An assignment in that block makes a new version
 * (as in SSA form); an assignment in a nested block, a branch or a loop body, overwrites the
 * current version in place.
 */
final class Local {

  private final String userName;
  private final Type type;
  private final List<Stmt> declaringBlock;
  private final boolean parameter;
  private Variable current;
  private int versions;
  private boolean broken;
  private Expr view;
  private Variable rows;
  private boolean reallocated;
  private boolean tableChoice;
  private RecordLocal record;
  private LambdaValue lambda;
  private AnonymousObject anonymous;
  private boolean builder;
  private final ClassId enumClass;

  Local(String userName, Type type, List<Stmt> declaringBlock, boolean parameter) {
    this(userName, type, declaringBlock, parameter, null);
  }

  /** A local of {@code type}; {@code enumClass} names the enum of a {@link Type#ENUM} one. */
  Local(String userName, Type type, List<Stmt> declaringBlock, boolean parameter,
      ClassId enumClass) {
    this.userName = userName;
    this.type = type;
    this.declaringBlock = declaringBlock;
    this.parameter = parameter;
    this.enumClass = enumClass;
  }

  /** The enum of a {@link Type#ENUM} local; null for other types. */
  ClassId enumClass() {
    return enumClass;
  }

  String userName() {
    return userName;
  }

  Type type() {
    return type;
  }

  /** The statement list the declaration was emitted into. */
  List<Stmt> declaringBlock() {
    return declaringBlock;
  }

  boolean isParameter() {
    return parameter;
  }

  /**
   * For a local array that refers to another ({@code double[] row = m[i];}): the array or row it
   * stands for; null for a local with its own storage.
   */
  Expr view() {
    return view;
  }

  void bindView(Expr target) {
    view = target;
  }

  /**
   * For an {@code int} that stands for a reassigned array ({@link SwappedArrays}): the matrix
   * whose row it numbers; null otherwise.
   */
  Variable rows() {
    return rows;
  }

  void numberRowsOf(Variable matrix) {
    rows = matrix;
  }

  /**
   * Whether this local array is reallocated, {@code z = new double[k]} ({@link
   * ReallocatedArrays}): its length is known only from the array itself.
   */
  boolean isReallocated() {
    return reallocated;
  }

  void markReallocated() {
    reallocated = true;
  }

  /**
   * Whether this local array refers to one of several tables held in fields ({@link
   * ChosenTables}): a reference that assignments move, to arrays nobody writes.
   */
  boolean isTableChoice() {
    return tableChoice;
  }

  void markTableChoice() {
    tableChoice = true;
  }

  /**
   * For a local holding a record value ({@code Complex z}, {@link RecordValues}): the locals
   * holding its numbers; null for other locals.
   */
  RecordLocal record() {
    return record;
  }

  void bindRecord(RecordLocal parts) {
    record = parts;
  }

  /** For a local holding a lambda ({@link InlinedMethods}): the lambda; null otherwise. */
  LambdaValue lambda() {
    return lambda;
  }

  void bindLambda(LambdaValue value) {
    lambda = value;
  }

  /** For a local holding an object of an anonymous class: the object; null otherwise. */
  AnonymousObject anonymous() {
    return anonymous;
  }

  void bindAnonymous(AnonymousObject value) {
    anonymous = value;
  }

  /**
   * Whether this {@code String} local stands for a {@code StringBuilder} or {@code StringBuffer}
   * ({@link StringBuilders}): it holds what the builder has built so far.
   */
  boolean isBuilder() {
    return builder;
  }

  void markBuilder() {
    builder = true;
  }

  /** The variable holding the value now; null before the first assignment. */
  Variable current() {
    return current;
  }

  void assign(Variable next) {
    current = next;
  }

  /** The number of the next version: 1 for {@code x_1}, and so on. */
  int nextVersion() {
    return ++versions;
  }

  /**
   * Whether an error was already reported where this variable got its value; its uses are then
   * not reported again, so one mistake gives one error.
   */
  boolean isBroken() {
    return broken;
  }

  void markBroken() {
    broken = true;
  }
}
