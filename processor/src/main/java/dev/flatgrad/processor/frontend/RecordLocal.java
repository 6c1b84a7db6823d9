package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.RecordType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * A record value held in locals ({@link RecordValues}): one scalar {@link Local} per number inside
 * it, however deep, in the order of {@link RecordType#leaves()}. {@code Complex z} is held in
 * {@code z_re} and {@code z_im}.
 */
record RecordLocal(TypeElement type, RecordType shape, Map<List<String>, Local> leaves) {

  RecordLocal {
    leaves = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leaves));
  }

  /** The record inside this one that {@code component} holds, or null if it holds a number. */
  RecordLocal component(String component, TypeElement componentType) {
    for (RecordType.Component part : shape.components()) {
      if (part.name().equals(component) && part.record() != null) {
        Map<List<String>, Local> inside = new LinkedHashMap<>();
        leaves.forEach((path, local) -> {
          if (path.get(0).equals(component)) {
            inside.put(path.subList(1, path.size()), local);
          }
        });
        return new RecordLocal(componentType, part.record(), inside);
      }
    }
    return null;
  }

  /** The locals in leaf order. */
  List<Local> locals() {
    return new ArrayList<>(leaves.values());
  }
}
