package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A parameter of the user's method, and whether its gradient is asked for; or one value inside
 * a record parameter ({@code field} says where), which the IR treats as a parameter of its own.
 */
public record Parameter(Variable variable, boolean differentiated, Field field) {

  /** Where a leaf comes from: its record parameter and the accessors that lead to it. */
  public record Field(RecordParameter record, List<String> path) {
    public Field {
      path = List.copyOf(path);
    }
  }

  public Parameter(Variable variable, boolean differentiated) {
    this(variable, differentiated, null);
  }

  public String name() {
    return variable.name();
  }

  public Type type() {
    return variable.type();
  }

  /** The same parameter, differentiated or not. */
  public Parameter withDifferentiated(boolean differentiated) {
    return new Parameter(variable, differentiated, field);
  }
}
