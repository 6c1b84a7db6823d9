package dev.flatgrad.processor.frontend;

import com.sun.source.tree.LambdaExpressionTree;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A lambda passed to a method of this file or held in a local ({@code DoubleUnaryOperator f = x ->
 * Math.exp(-a * x * x);}): its source, the interface method calling it runs ({@code
 * applyAsDouble}), the locals it captured where it was written, and the class it was written in,
 * whose names its body uses. No function object exists in generated code: each call of it is
 * translated in place ({@link InlinedMethods}).
 */
record LambdaValue(LambdaExpressionTree tree, ExecutableElement method,
    Map<String, Local> captured, TypeElement context) {}
