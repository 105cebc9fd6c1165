package org.apicflow.ui;

import java.nio.file.Path;
import java.util.Optional;

/** An entry of the scenario picker: a built-in by id, or a file the user opened. */
public record ScenarioChoice(String label, String builtInId, Optional<Path> file) {

  public static ScenarioChoice builtIn(String id) {
    return new ScenarioChoice(id, id, Optional.empty());
  }

  public static ScenarioChoice file(Path p) {
    return new ScenarioChoice(p.getFileName().toString(), "", Optional.of(p));
  }

  @Override
  public String toString() {
    return label;
  }
}
