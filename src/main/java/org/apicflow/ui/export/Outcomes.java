package org.apicflow.ui.export;

import org.apicflow.machine.Outcome;
import org.apicflow.trace.Trace;

/** The outcome of a run as a badge: its words and its style class. */
final class Outcomes {
  private Outcomes() {}

  static String text(Trace t) {
    Outcome o = t.outcome();
    return switch (o.kind()) {
      case OOPS -> "OOPS on CPU " + o.cpu();
      case OK -> "ok · " + (t.program().success().isEmpty() ? "done" : t.program().success());
      case HANG -> "hang";
    };
  }

  static String styleClass(Trace t) {
    return switch (t.outcome().kind()) {
      case OK -> "outcome-ok";
      case OOPS -> "outcome-bad";
      case HANG -> "outcome-hang";
    };
  }
}
