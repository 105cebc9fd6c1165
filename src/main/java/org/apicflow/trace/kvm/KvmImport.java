package org.apicflow.trace.kvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a KVM capture in two streaming passes: the first learns which thread is which vCPU (and
 * which APIC IDs exist), the second reconstructs the APICs. Memory does not grow with the file
 * unless the events are kept for the window ({@link #load}).
 */
public final class KvmImport {
  private KvmImport() {}

  /** One APIC at the end of the capture. */
  public record ApicSummary(
      int apicId,
      long acceptedFixed,
      long eoi,
      Optional<List<Integer>> irrEnd,
      Optional<List<Integer>> isrEnd) {}

  /** What {@code apicflow import --json} prints, and the malformed lines it reports. */
  public record Summary(KvmReader.Result read, List<ApicSummary> apics) {}

  /** Something that watches the second pass (the Chrome trace writer). */
  public interface Listener {
    /**
     * One event after it was applied.
     *
     * @param vcpu the logging vCPU's APIC ID, or -1
     * @param ipi the IPI id for an IPI or an accept it caused, else -1
     */
    void event(KvmRecord r, int vcpu, int ipi, Reconstruction after);
  }

  /** Reads the file (once, or twice when it must) and returns the counts and the final APICs. */
  public static Summary summarize(Path file) throws KvmImportException {
    return summarize(file, null);
  }

  /**
   * One pass when the threads are named before they log anything that needs them (the usual case: a
   * vCPU thread's first line is kvm_entry or kvm_exit); a second pass, with the finished {@link
   * TaskMap}, when not. With a listener the map is always learned first, so the listener sees each
   * event once, attributed.
   */
  public static Summary summarize(Path file, Listener listener) throws KvmImportException {
    if (listener == null) {
      TaskMap map = new TaskMap();
      Reconstruction rec = new Reconstruction();
      try {
        KvmReader.Result read = pass(file, map, rec, null, true);
        if (map.answersStable()) {
          return summary(read, rec);
        }
      } catch (Restart r) {
        // a thread was named after it needed to be: learn the whole map first, then read again
      }
    }
    TaskMap map = learn(file);
    Reconstruction rec = new Reconstruction();
    return summary(pass(file, map, rec, listener, false), rec);
  }

  /** Stops a one-pass import as soon as it is known to need two. */
  private static final class Restart extends RuntimeException {
    Restart() {
      super(null, null, false, false);
    }
  }

  private static KvmReader.Result pass(
      Path file, TaskMap map, Reconstruction rec, Listener listener, boolean learning)
      throws KvmImportException {
    map.apics().forEach(rec::declare);
    IpiLinker link = new IpiLinker();
    return KvmReader.read(
        file,
        r -> {
          if (learning) {
            map.learn(r);
            if (map.changedAnAnswer()) {
              throw new Restart();
            }
          }
          int vcpu = Reconstruction.selfOf(r, map.vcpuOf(r));
          int ipi = link.link(r);
          rec.apply(r, vcpu);
          if (listener != null) {
            listener.event(r, vcpu, ipi, rec);
          }
        });
  }

  private static Summary summary(KvmReader.Result read, Reconstruction rec) {
    List<ApicSummary> apics = new ArrayList<>();
    for (ApicKnowledge k : rec.apics()) {
      apics.add(
          new ApicSummary(
              k.apicId,
              rec.acceptedFixed(k.apicId),
              rec.eois(k.apicId),
              k.irr.allKnown() ? Optional.of(k.irr.setList()) : Optional.empty(),
              k.isr.allKnown() ? Optional.of(k.isr.setList()) : Optional.empty()));
    }
    return new Summary(read, List.copyOf(apics));
  }

  /** Reads the file for the window: every event kept, keyframes of the reconstruction. */
  public static KvmTrace load(Path file) throws KvmImportException {
    TaskMap map = learn(file);
    KvmTrace t = new KvmTrace(file, map.apics());
    Reconstruction rec = new Reconstruction();
    map.apics().forEach(rec::declare);
    t.keyframe(rec);
    IpiLinker link = new IpiLinker();
    boolean[] timed = {true};
    int[] n = {0};
    KvmReader.Result read =
        KvmReader.read(
            file,
            r -> {
              if (n[0] == 0) {
                timed[0] = r.time >= 0;
              }
              if (++n[0] > KvmTrace.MAX_EVENTS) {
                return;
              }
              int vcpu = Reconstruction.selfOf(r, map.vcpuOf(r));
              int ipi = link.link(r);
              t.add(r, vcpu, ipi, timed[0] && r.time >= 0);
              rec.apply(r, vcpu);
              if (t.size() % KvmTrace.KEYFRAME == 0) {
                t.keyframe(rec);
              }
            });
    if (n[0] > KvmTrace.MAX_EVENTS) {
      throw new KvmImportException(
          file
              + ": "
              + n[0]
              + " KVM events: the window opens at most "
              + KvmTrace.MAX_EVENTS
              + " (use 'apicflow import' for the counts, or cut the capture)");
    }
    t.finish(read);
    return t;
  }

  /** The thread map from a light pass: only the naming events' lines are parsed. */
  private static TaskMap learn(Path file) throws KvmImportException {
    TaskMap map = new TaskMap();
    KvmReader.scan(file, map::learn, TaskMap.NAMING);
    return map;
  }

  /**
   * Pairs each kvm_apic_ipi with the kvm_apic_accept_irq lines its thread logs right after it (KVM
   * kvm_apic_send_ipi traces, then delivers to each target in the same call).
   */
  static final class IpiLinker {
    private final Map<Object, Integer> open = new HashMap<>();
    private int next;

    int link(KvmRecord r) {
      Object key = r.taskKey();
      if (key == null) {
        key = "";
      }
      if (r.event == KvmEvent.APIC_IPI) {
        int id = next++;
        open.put(key, id);
        return id;
      }
      if (r.event == KvmEvent.APIC_ACCEPT_IRQ || r.event == KvmEvent.APICV_ACCEPT_IRQ) {
        Integer id = open.get(key);
        return id == null ? -1 : id;
      }
      if (!open.isEmpty()) {
        open.remove(key);
      }
      return -1;
    }
  }
}
