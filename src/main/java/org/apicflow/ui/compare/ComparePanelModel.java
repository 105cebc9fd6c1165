package org.apicflow.ui.compare;

import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.apicflow.apic.Quirks;
import org.apicflow.machine.Outcome;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import org.apicflow.ui.machine.MachineViewModel;
import org.apicflow.ui.playback.PlaybackModel;
import org.apicflow.ui.timeline.TimelineViewModel;

/**
 * One panel of the compare grid: a run (a fix, perhaps under one quirk setting) with its own
 * playback (moved by the shared cursor), machine and timeline view models, its outcome and its
 * patch.
 */
public final class ComparePanelModel {
  private final String key;
  private final String name;
  private final Quirks quirks;
  private final String fix;
  private final String title;
  private final String summary;
  private final Trace trace;
  private final List<PatchDiff.Function> patch;
  private final PlaybackModel playback = new PlaybackModel();
  private final MachineViewModel machine = new MachineViewModel(playback);
  private final TimelineViewModel timeline = new TimelineViewModel(playback);
  private final ReadOnlyStringWrapper ended = new ReadOnlyStringWrapper("");

  public ComparePanelModel(
      String fix, String title, String summary, Trace trace, List<PatchDiff.Function> patch) {
    this(fix, fix, null, fix, title, summary, trace, patch);
  }

  /**
   * A panel of a run under a quirk setting.
   *
   * @param key what names the panel's controls ("none-deliver"): unique in the grid
   * @param name the panel's name in its head ("deliver")
   * @param quirks the quirk settings the run was simulated with; null when they are the scenario's
   */
  public ComparePanelModel(
      String key,
      String name,
      Quirks quirks,
      String fix,
      String title,
      String summary,
      Trace trace,
      List<PatchDiff.Function> patch) {
    this.key = key;
    this.name = name;
    this.quirks = quirks;
    this.fix = fix;
    this.title = title;
    this.summary = summary;
    this.trace = trace;
    this.patch = List.copyOf(patch);
    playback.load(trace, 0);
  }

  /** The fix of the run. */
  public String fix() {
    return fix;
  }

  /** What names the panel's controls: the fix, or the fix and the quirk option ("none-deliver"). */
  public String key() {
    return key;
  }

  /** The panel's name in its head: the fix, or the quirk option the run is simulated with. */
  public String name() {
    return name;
  }

  /** The quirk settings of a quirk line-up's run; null for a run under the scenario's own. */
  public Quirks quirks() {
    return quirks;
  }

  public String title() {
    return title;
  }

  public String summary() {
    return summary;
  }

  public Trace trace() {
    return trace;
  }

  public Outcome outcome() {
    return trace.outcome();
  }

  /** The outcome badge: "ok", "oops", "hang". */
  public String outcomeWord() {
    return outcome().kind().word();
  }

  /** The outcome in one line, for the badge's second half and its tooltip. */
  public String outcomeLine() {
    return shortReason(outcome());
  }

  public List<PatchDiff.Function> patch() {
    return patch;
  }

  public PlaybackModel playback() {
    return playback;
  }

  public MachineViewModel machine() {
    return machine;
  }

  public TimelineViewModel timeline() {
    return timeline;
  }

  /** "ended: oops at 20.72 us" once the shared cursor is past this run's end, else empty. */
  public ReadOnlyStringProperty endedProperty() {
    return ended.getReadOnlyProperty();
  }

  public String getEnded() {
    return ended.get();
  }

  void setEnded(boolean isEnded) {
    ended.set(
        isEnded ? "ended: " + outcomeWord() + " at " + Times.format(trace.outcome().time()) : "");
  }

  /**
   * An outcome in one short line: ok names the goal reached, oops what went wrong, a hang the first
   * CPU stuck and where.
   */
  public static String shortReason(Outcome o) {
    String r = o.reason();
    return switch (o.kind()) {
      case OK -> r;
      case OOPS -> {
        String s = r.replaceFirst("^CPU (\\d+) oopsed: ", "CPU $1: ");
        int in = s.lastIndexOf(" in ");
        yield in > 0 && !o.where().isEmpty() ? s.substring(0, in) : s;
      }
      case HANG -> {
        for (String part : r.split("; ")) {
          if (part.startsWith("CPU ")) {
            yield part.replaceFirst(" \\(.*\\)$", "").replaceFirst(": [a-z-]+$", "");
          }
        }
        yield r;
      }
    };
  }
}
