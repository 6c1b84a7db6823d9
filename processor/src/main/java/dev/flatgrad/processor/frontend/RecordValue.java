package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.RecordType;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * The value of a record expression once translated ({@link RecordValues}): one operation per
 * number inside it, in the order of {@link RecordType#leaves()}. No object exists in generated
 * code; {@code new Complex(a * c, b)} is the two values {@code a * c} and {@code b}.
 */
record RecordValue(TypeElement type, RecordType shape, List<Expr> leaves) {

  RecordValue {
    leaves = List.copyOf(leaves);
  }
}
