package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A record type that a parameter may have: its class and its components, each a value of a
 * supported type or another such record.
 *
 * @param type the record class
 * @param components its components, in declaration order (the canonical constructor's order)
 */
public record RecordType(ClassId type, List<Component> components) {

  public RecordType {
    components = List.copyOf(components);
  }

  /** One component: its accessor's name, and either its type or its record type. */
  public record Component(String name, Type type, RecordType record) {}

  /** Whether every value in it, however deep, is a double, double[] or double[][]. */
  public boolean isDifferentiable() {
    for (Component component : components) {
      if (component.record() != null ? !component.record().isDifferentiable()
          : !component.type().isDifferentiable()) {
        return false;
      }
    }
    return true;
  }
}
