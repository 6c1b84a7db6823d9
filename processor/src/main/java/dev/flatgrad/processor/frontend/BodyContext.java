package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.Names;

/**
 * What the parts of a body's translation share with {@link BodyTranslator}: where statements go
 * ({@code blocks}), the user's locals ({@code scopes}), fresh names, and how expressions are
 * translated, flattened into operations and prepared (their side effects emitted first). One
 * record, so that each part's constructor names only what is its own.
 */
record BodyContext(Blocks blocks, Scopes scopes, Names names, ExpressionTranslator expressions,
    ThreeAddress threeAddress, SideEffects sideEffects) {}
