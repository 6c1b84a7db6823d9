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

  /** One value inside the record, however deep: the accessors that lead to it, and its type. */
  public record Leaf(List<String> path, Type type) {
    public Leaf {
      path = List.copyOf(path);
    }
  }

  /** The values inside the record, depth first in component order, as the IR lays them out. */
  public List<Leaf> leaves() {
    List<Leaf> leaves = new java.util.ArrayList<>();
    collect(List.of(), leaves);
    return leaves;
  }

  private void collect(List<String> path, List<Leaf> into) {
    for (Component component : components) {
      List<String> here = new java.util.ArrayList<>(path);
      here.add(component.name());
      if (component.record() != null) {
        component.record().collect(here, into);
      } else {
        into.add(new Leaf(here, component.type()));
      }
    }
  }

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
