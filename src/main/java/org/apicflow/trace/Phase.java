package org.apicflow.trace;

/**
 * A band of the timeline: from a {@code phase} op to the next one (or the end of the run).
 *
 * @param firstEvent index of the phase op's event
 * @param endEvent index one past the last event of the phase
 */
public record Phase(String name, int firstEvent, int endEvent, long start, long end, int cpu) {}
