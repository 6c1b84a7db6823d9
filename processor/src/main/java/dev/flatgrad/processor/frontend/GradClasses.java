package dev.flatgrad.processor.frontend;

import javax.lang.model.element.TypeElement;

/**
 * Which user classes have a gradient class that generated code can call: those compiled in this
 * compilation with flatgrad, and those whose gradient class is on the class path already.
 */
public interface GradClasses {

  /** Assumes every gradient class exists, where no call is generated from what is resolved. */
  GradClasses ANY = new GradClasses() {
    @Override
    public boolean exists(TypeElement userClass) {
      return true;
    }

    @Override
    public String name(TypeElement userClass) {
      return userClass.getQualifiedName() + "Grad";
    }
  };

  /** Whether the gradient class of {@code userClass} exists or is being generated. */
  boolean exists(TypeElement userClass);

  /** The gradient class's qualified name, for messages. */
  String name(TypeElement userClass);
}
