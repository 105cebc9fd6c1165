package org.apicflow.scenario;

import java.util.List;

/** A fix: functions it replaces or adds, as {@code kernel.function} names. */
public record Fix(String name, String title, String summary, String source, List<String> replaces) {
  public Fix {
    replaces = List.copyOf(replaces);
  }
}
