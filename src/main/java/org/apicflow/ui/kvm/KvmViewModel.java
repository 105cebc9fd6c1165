package org.apicflow.ui.kvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.apicflow.trace.Times;
import org.apicflow.trace.kvm.ApicKnowledge;
import org.apicflow.trace.kvm.KnownVectors;
import org.apicflow.trace.kvm.KvmEvent;
import org.apicflow.trace.kvm.KvmRecord;
import org.apicflow.trace.kvm.KvmText;
import org.apicflow.trace.kvm.KvmTrace;

/**
 * The imported-trace view's model: a {@link KvmTrace} and a cursor in it. Position p shows the
 * reconstruction after the first p events; everything shown (cards, the IPI on the bus, the raw
 * line, its fields, the narration) is derived from (trace, position) and nothing else.
 */
public final class KvmViewModel {
  /** What the screen shows at one position. */
  public record Frame(
      int position,
      int event,
      List<KvmCardState> cards,
      String rawLine,
      String where,
      List<KvmText.Field> fields,
      String narration,
      String status,
      Envelope envelope) {}

  /** The IPI on the bus at this event: who wrote ICR, who accepted, what. */
  public record Envelope(int from, List<Integer> to, String label, int mode) {}

  /** Kinds of event the marker keys jump between. */
  public enum MarkKind {
    IPI,
    EOI,
    ANY
  }

  private final ReadOnlyObjectWrapper<KvmTrace> trace = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper();
  private final ReadOnlyObjectWrapper<Frame> frame = new ReadOnlyObjectWrapper<>();

  public ReadOnlyObjectProperty<KvmTrace> traceProperty() {
    return trace.getReadOnlyProperty();
  }

  public KvmTrace getTrace() {
    return trace.get();
  }

  public ReadOnlyIntegerProperty positionProperty() {
    return position.getReadOnlyProperty();
  }

  public int getPosition() {
    return position.get();
  }

  public ReadOnlyObjectProperty<Frame> frameProperty() {
    return frame.getReadOnlyProperty();
  }

  public Frame getFrame() {
    return frame.get();
  }

  // ------------------------------------------------------------------ commands

  public void load(KvmTrace t, int at) {
    trace.set(t);
    position.set(-1);
    seek(at);
  }

  public void seek(int p) {
    KvmTrace t = trace.get();
    if (t == null) {
      return;
    }
    int c = Math.max(0, Math.min(p, t.size()));
    if (c == position.get()) {
      return;
    }
    position.set(c);
    frame.set(frameAt(t, c));
  }

  public void stepForward() {
    seek(getPosition() + 1);
  }

  public void stepBack() {
    seek(getPosition() - 1);
  }

  public void home() {
    seek(0);
  }

  public void toEnd() {
    KvmTrace t = trace.get();
    if (t != null) {
      seek(t.size());
    }
  }

  /** Moves to just after the next event of that kind; false when there is none. */
  public boolean next(MarkKind kind) {
    KvmTrace t = trace.get();
    if (t == null) {
      return false;
    }
    for (int i = getPosition(); i < t.size(); i++) {
      if (is(t, i, kind)) {
        seek(i + 1);
        return true;
      }
    }
    return false;
  }

  /** Moves to just after the previous event of that kind; false when there is none. */
  public boolean previous(MarkKind kind) {
    KvmTrace t = trace.get();
    if (t == null) {
      return false;
    }
    for (int i = getPosition() - 2; i >= 0; i--) {
      if (is(t, i, kind)) {
        seek(i + 1);
        return true;
      }
    }
    return false;
  }

  /** Whether event i is a marker of that kind: an IPI, an EOI, or any APIC-state event. */
  public static boolean is(KvmTrace t, int i, MarkKind kind) {
    KvmEvent e = t.event(i);
    return switch (kind) {
      case IPI -> e == KvmEvent.APIC_IPI;
      case EOI -> e == KvmEvent.EOI || e == KvmEvent.PV_EOI;
      case ANY ->
          e == KvmEvent.APIC_IPI
              || e == KvmEvent.APIC_ACCEPT_IRQ
              || e == KvmEvent.APICV_ACCEPT_IRQ
              || e == KvmEvent.EOI
              || e == KvmEvent.PV_EOI
              || e == KvmEvent.INJ_VIRQ;
    };
  }

  // ------------------------------------------------------------------ the frame

  /** The frame of a trace at a position: a pure function, usable with no FX thread. */
  public static Frame frameAt(KvmTrace t, int p) {
    Map<Integer, ApicKnowledge> now = t.stateAt(p);
    Map<Integer, ApicKnowledge> before = p == 0 ? now : t.stateAt(p - 1);
    int ev = p - 1;
    int subject = ev >= 0 ? t.subject(ev) : -1;
    List<KvmCardState> cards = new ArrayList<>();
    for (int id : t.apicIds()) {
      if (now.containsKey(id)) {
        cards.add(KvmCardState.of(id, now, before, id == subject));
      }
    }
    long t0 = t.size() == 0 ? 0 : t.time(0);
    if (ev < 0) {
      return new Frame(
          p,
          ev,
          cards,
          "",
          "start of " + t.file().getFileName(),
          List.of(),
          "Before the first event: every bit of every APIC is unknown (hatched).",
          status(t, p, 0),
          null);
    }
    KvmRecord r = t.record(ev);
    KnownVectors irrBefore = before.containsKey(r.a) ? before.get(r.a).irr : null;
    String narration = KvmText.describe(r, t.vcpu(ev), irrBefore);
    return new Frame(
        p,
        ev,
        cards,
        t.rawLine(ev),
        t.file().getFileName() + ":" + t.lineNumber(ev) + " · " + r.event.tracepoint,
        KvmText.fields(r, t.vcpu(ev)),
        narration,
        status(t, p, t.time(ev) - t0),
        envelope(t, ev));
  }

  private static String status(KvmTrace t, int p, long rel) {
    return "event "
        + p
        + " / "
        + t.size()
        + " · t = +"
        + Times.format(rel)
        + " · "
        + t.readResult().format().jsonName
        + " · "
        + t.readResult().ignoredLines()
        + " lines ignored";
  }

  /** The IPI an event belongs to, drawn on the bus: the ICR write and the accepts it caused. */
  static Envelope envelope(KvmTrace t, int ev) {
    int id = t.ipi(ev);
    if (id < 0) {
      return null;
    }
    int send = ev;
    while (send >= 0 && !(t.event(send) == KvmEvent.APIC_IPI && t.ipi(send) == id)) {
      send--;
    }
    if (send < 0) {
      return null;
    }
    List<Integer> to = new ArrayList<>();
    for (int i = send + 1; i < t.size() && i <= ev + 64 && t.ipi(i) == id; i++) {
      to.add(t.a(i));
    }
    int icr = t.icrLow(send);
    int mode = (icr >>> 8) & 7;
    String label =
        switch (mode) {
          case 0 -> String.format("fixed 0x%02X", icr & 0xFF);
          case 1 -> String.format("lowest 0x%02X", icr & 0xFF);
          case 4 -> "NMI";
          case 5 -> "INIT";
          case 6 -> String.format("SIPI 0x%02X", icr & 0xFF);
          default -> "mode " + mode;
        };
    return new Envelope(t.vcpu(send), List.copyOf(to), label, mode);
  }

  /** Opens a file's trace: the caller runs this off the FX thread. */
  public static KvmTrace read(Path file) throws org.apicflow.trace.kvm.KvmImportException {
    return org.apicflow.trace.kvm.KvmImport.load(file);
  }
}
