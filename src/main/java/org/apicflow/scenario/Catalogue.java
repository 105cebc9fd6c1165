package org.apicflow.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in scenarios: ordinary apicflow/1 files shipped as resources under
 * org/apicflow/scenarios/, listed in order by catalogue.txt (one id a line, # comments).
 */
public final class Catalogue {
  public static final String DEFAULT_ID = "pending-ipi";
  private static final String DIR = "/org/apicflow/scenarios/";

  private Catalogue() {}

  /** The built-in ids, in catalogue order. */
  public static List<String> ids() {
    List<String> out = new ArrayList<>();
    try (InputStream in = Catalogue.class.getResourceAsStream(DIR + "catalogue.txt")) {
      if (in == null) {
        return out;
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in catalogue", e);
    }
    return out;
  }

  public static boolean isBuiltIn(String id) {
    return ids().contains(id);
  }

  /** Loads a built-in scenario by id. */
  public static Scenario load(String id) throws ScenarioException {
    String name = id + ".yaml";
    try (InputStream in = Catalogue.class.getResourceAsStream(DIR + name)) {
      if (in == null || !isBuiltIn(id)) {
        throw new ScenarioException(
            id,
            1,
            1,
            "",
            "no such file, and no built-in scenario of that name (built-ins: "
                + String.join(", ", ids())
                + ")");
      }
      return ScenarioLoader.parse(
          "builtin:" + name, ScenarioLoader.decode(name, in.readAllBytes()));
    } catch (IOException e) {
      throw new ScenarioException(id, 1, 1, "", "cannot read the built-in: " + e.getMessage());
    }
  }

  /** The YAML text of a built-in (for "save a copy" and the docs). */
  public static String text(String id) throws IOException {
    try (InputStream in = Catalogue.class.getResourceAsStream(DIR + id + ".yaml")) {
      if (in == null) {
        throw new IOException("no built-in scenario " + id);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Resolves a command-line SCENARIO: a path to a file if one exists there (or it looks like a
   * path), else a built-in id.
   */
  public static Scenario resolve(String arg) throws ScenarioException {
    Path p = Path.of(arg);
    boolean looksLikePath =
        arg.contains("/")
            || arg.contains("\\")
            || arg.endsWith(".yaml")
            || arg.endsWith(".yml")
            || arg.endsWith(".apicflow")
            || arg.endsWith(".json");
    if (Files.exists(p) || looksLikePath) {
      return ScenarioLoader.load(p);
    }
    return load(arg);
  }
}
