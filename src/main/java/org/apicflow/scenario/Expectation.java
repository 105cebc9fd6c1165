package org.apicflow.scenario;

import java.util.List;
import java.util.Optional;
import org.apicflow.machine.Outcome;

/**
 * One {@code expect} entry: checked on the run of {@code fix}, at the end or at the first time mark
 * {@code at} is reached.
 */
public record Expectation(
    String fix,
    Kind kind,
    Optional<String> at,
    Optional<Outcome.Kind> outcome,
    int cpu,
    String reg,
    int regOffset,
    int vector,
    boolean set,
    long equals,
    String var,
    List<Long> records,
    String text,
    int line,
    int column) {

  /** What the entry checks. */
  public enum Kind {
    OUTCOME,
    REG_BIT,
    REG_VALUE,
    COUNT,
    VAR,
    RECORDS
  }

  public Expectation {
    records = List.copyOf(records);
  }
}
