package org.apicflow.trace.kvm;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which vCPU each host thread is, learned from the lines that name it: kvm_entry and kvm_exit
 * ("vcpu N") and kvm_eoi / kvm_pv_eoi (an EOI is logged by the vCPU whose APIC it is). A thread
 * that names two different vCPUs is left unmapped rather than guessed. Also collects every APIC ID
 * the trace names.
 */
public final class TaskMap {
  private static final int CONFLICT = -2;

  private final Map<Object, Integer> byTask = new HashMap<>();
  private final Map<Object, Integer> consulted = new HashMap<>();
  private final Set<Integer> apics = new TreeSet<>();
  private int lastApic = -1;

  /** Answers of {@link #vcpuOf} for the last thread asked, valid while nothing new is learned. */
  private int cachePid = -1;

  private int cacheAnswer;
  private boolean unstable;

  /** Whether an answer already given has changed (then {@link #answersStable()} is false). */
  public boolean changedAnAnswer() {
    return unstable;
  }

  /** Learns from one event line. */
  public void learn(KvmRecord r) {
    int id =
        switch (r.event) {
          case ENTRY, EOI, PV_EOI -> r.a;
          case EXIT -> r.a;
          default -> -1;
        };
    switch (r.event) {
      case ENTRY, EOI, PV_EOI, APIC_ACCEPT_IRQ, APICV_ACCEPT_IRQ, EXIT -> {
        if (r.a >= 0 && r.a != lastApic) {
          apics.add(r.a);
          lastApic = r.a;
        }
      }
      default -> {}
    }
    Object key = r.taskKey();
    if (id < 0 || key == null) {
      return;
    }
    if (r.pid >= 0 && r.pid == cachePid && cacheAnswer == id) {
      return;
    }
    Integer was = byTask.get(key);
    if (was == null) {
      byTask.put(key, id);
      cachePid = -1;
    } else if (was != id) {
      byTask.put(key, CONFLICT);
      cachePid = -1;
    } else {
      return;
    }
    // an answer given before (unmapped, or the other vCPU) is no longer the answer
    if (consulted.containsKey(key)) {
      unstable = true;
    }
  }

  /** The events {@link #learn} reads (the others need no text parsed to build the map). */
  public static final java.util.Set<KvmEvent> NAMING =
      java.util.EnumSet.of(
          KvmEvent.ENTRY,
          KvmEvent.EXIT,
          KvmEvent.EOI,
          KvmEvent.PV_EOI,
          KvmEvent.APIC_ACCEPT_IRQ,
          KvmEvent.APICV_ACCEPT_IRQ);

  /** The APIC ID of the vCPU a thread is, or -1 when the trace does not say. */
  public int vcpuOf(KvmRecord r) {
    if (r.pid >= 0 && r.pid == cachePid) {
      return cacheAnswer;
    }
    Object key = r.taskKey();
    if (key == null) {
      return -1;
    }
    Integer id = byTask.get(key);
    int v = id == null || id < 0 ? -1 : id;
    if (!r.event.loggedByVcpu()) {
      return v;
    }
    consulted.putIfAbsent(key, v);
    if (r.pid >= 0) {
      cachePid = r.pid;
      cacheAnswer = v;
    }
    return v;
  }

  /**
   * Whether every answer {@link #vcpuOf} gave while the map was still being learned is still the
   * answer now: no thread was unknown when first asked about and named later, and none turned out
   * to name two vCPUs. When not, a second pass with the finished map attributes every line.
   */
  public boolean answersStable() {
    for (var e : consulted.entrySet()) {
      Integer now = byTask.get(e.getKey());
      int v = now == null || now < 0 ? -1 : now;
      if (v != e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Every APIC ID named by an accept, an EOI or a vCPU id, ascending. */
  public Set<Integer> apics() {
    return apics;
  }

  /** The threads mapped to a vCPU. */
  public int mappedThreads() {
    return (int) byTask.values().stream().filter(v -> v >= 0).count();
  }
}
