package dev.flatgrad.processor.ir;

/**
 * A parameter of the user's method whose type is a record. The IR sees only its leaves, one
 * {@link Parameter} per value inside it; the generated methods take the record, read the leaves
 * through its accessors, and build records of the same type for gradients.
 *
 * @param name the parameter's name
 * @param type its record type
 * @param gradName the name of the record of gradients a pullback takes as its sink
 * @param dotName the name of the record of directions a tangent method takes
 * @param dotGradName the name of the record of arrays a pullback tangent adds the tangents of
 *     the gradients into
 */
public record RecordParameter(String name, RecordType type, String gradName, String dotName,
    String dotGradName) {}
