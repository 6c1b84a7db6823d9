package dev.flatgrad.processor.ir;

/** A static method named by its class and name; Java's overload resolution picks among any. */
public record MethodRef(ClassId owner, String name) {}
