package org.apicflow.ui.timeline;

/** What a CPU lane shows over a stretch of the run. */
public enum LaneKind {
  OFFLINE("offline"),
  RUNNING("running"),
  IF_OFF("IF=0"),
  HANDLER("handler"),
  NMI("NMI handler"),
  SPINNING("spinning"),
  DELAY("delay"),
  HALTED("halted"),
  OOPS("OOPS"),
  DONE("done");

  public final String label;

  LaneKind(String label) {
    this.label = label;
  }
}
