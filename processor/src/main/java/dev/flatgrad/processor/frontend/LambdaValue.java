package dev.flatgrad.processor.frontend;

import com.sun.source.tree.LambdaExpressionTree;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;

/**
 * A lambda passed to a method of this file or held in a local ({@code DoubleUnaryOperator f = x ->
 * Math.exp(-a * x * x);}): its source, the interface method calling it runs ({@code
 * applyAsDouble}), and the locals it captured where it was written. No function object exists in
 * generated code: each call of it is translated in place ({@link InlinedMethods}).
 */
record LambdaValue(LambdaExpressionTree tree, ExecutableElement method,
    Map<String, Local> captured) {}
