package dev.flatgrad.processor.ir;

/**
 * Where in the user's source an IR node came from, as an opaque number the diagnostics resolve:
 * for errors found after the frontend (by activity analysis) that still point at the code.
 */
public record Site(int id) {}
