package org.apicflow.trace.kvm;

/** The text forms of a KVM capture the importer reads, told apart by their content. */
public enum KvmFormat {
  /** The tracefs {@code trace} file: a "# tracer:" header, then one line per event. */
  FTRACE("ftrace"),
  /** The tracefs {@code trace_pipe} stream: ftrace lines with no header. */
  TRACE_PIPE("trace_pipe"),
  /** {@code trace-cmd report}: a "cpus=N" first line, event names padded. */
  TRACE_CMD("trace-cmd"),
  /** {@code perf script}: events named "kvm:kvm_...", the thread id in its own column. */
  PERF("perf");

  /** The name in {@code apicflow import --json}. */
  public final String jsonName;

  KvmFormat(String jsonName) {
    this.jsonName = jsonName;
  }
}
