package org.apicflow.trace;

/**
 * A named moment of a run: from a {@code mark} op, or set by the simulator itself (ipi-sent,
 * irr-set, isr-set, eoi, nmi, oops, hang, kexec).
 *
 * @param event the index of the event that is the mark
 * @param builtIn true for marks the simulator sets
 */
public record Mark(String name, String label, int event, long time, int cpu, boolean builtIn) {}
