package org.apicflow.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.SpecVersion;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlVersionException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Parses YAML into {@link YNode}s with positions, and reads typed values from them with errors that
 * name the file, line, column and key.
 */
final class YamlReader {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s)?");

  final String file;
  private final InputLimits limits;
  private int nodes;

  YamlReader(String file) {
    this(file, InputLimits.current());
  }

  YamlReader(String file, InputLimits limits) {
    this.file = file;
    this.limits = limits;
  }

  ScenarioException error(YNode at, String problem) {
    return new ScenarioException(file, at.line, at.column, at.path, problem);
  }

  ScenarioException error(int line, int column, String key, String problem) {
    return new ScenarioException(file, line, column, key, problem);
  }

  YNode parse(String text) throws ScenarioException {
    text = withoutBom(text);
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(maxAliases())
            .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes() + 1))
            // The reader shifts its buffer on every refill: with the default 1 KB a value of a
            // few MB took seconds to scan, with 1 MB it takes milliseconds.
            .setBufferSize((int) Math.min(1 << 20, Math.max(1024, text.length() + 1)))
            .build();
    Optional<Node> root;
    try {
      // The composer recurses once per level: the nesting is measured first, on the parser's
      // events, which come without recursion.
      checkNesting(new Parse(settings).parseString(text));
      root = new Compose(settings).composeString(text);
    } catch (YamlVersionException e) {
      throw versionError(text, e.getSpecVersion());
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> m = e.getProblemMark().or(e::getContextMark);
      String problem = e.getProblem() == null ? "YAML syntax error" : e.getProblem();
      if (e.getContext() != null && !e.getContext().isBlank()) {
        problem = e.getContext() + ": " + problem;
      }
      Optional<Mark> opened = e.getContextMark();
      if (opened.isPresent() && m.isPresent() && opened.get().getLine() != m.get().getLine()) {
        problem +=
            " (opened at line "
                + (opened.get().getLine() + 1)
                + ", column "
                + (opened.get().getColumn() + 1)
                + ")";
      }
      throw error(
          m.map(x -> x.getLine() + 1).orElse(1),
          m.map(x -> x.getColumn() + 1).orElse(1),
          "",
          "YAML syntax error: " + oneLine(problem));
    } catch (YamlEngineException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("exceeds the limit")) {
        throw error(
            1,
            1,
            "",
            "the text is larger than "
                + InputLimits.size(limits.maxBytes())
                + ", the limit for a scenario file; "
                + InputLimits.BYTES_OPTION
                + " raises it");
      }
      if (msg.contains("Number of aliases")) {
        throw error(
            1,
            1,
            "",
            "the document uses more than "
                + maxAliases()
                + " aliases of lists and mappings, the limit for a scenario file (an alias"
                + " bomb?); "
                + InputLimits.NODES_OPTION
                + " raises it");
      }
      if (msg.contains("Recursive key")) {
        throw error(1, 1, "", "a mapping key refers to the mapping itself (a recursive alias)");
      }
      throw error(1, 1, "", "YAML error: " + oneLine(msg));
    }
    if (root.isEmpty()) {
      throw error(1, 1, "", "the file is empty");
    }
    return convert(root.get(), "", new IdentityHashMap<>(), 1);
  }

  /** Aliases of collections allowed: 100, more when the node limit is raised. */
  private int maxAliases() {
    return Math.max(100, limits.maxNodes() / 2000);
  }

  /**
   * One byte-order mark at the start is how some editors mark UTF-8 and is dropped; any other is a
   * stray character no key or value may hold, named as such.
   */
  private String withoutBom(String text) throws ScenarioException {
    String t = text.startsWith("\ufeff") ? text.substring(1) : text;
    int at = t.indexOf('\ufeff');
    if (at >= 0) {
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < at; i++) {
        if (t.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw error(
          line,
          at - lineStart + 1,
          "",
          "a stray byte-order mark (U+FEFF); only one, at the very start of the file, is allowed");
    }
    return t;
  }

  private ScenarioException versionError(String text, SpecVersion v) {
    int line = 1;
    for (String l : text.split("\n", -1)) {
      if (l.startsWith("%YAML")) {
        break;
      }
      line++;
    }
    if (line > text.split("\n", -1).length) {
      line = 1;
    }
    return error(
        line,
        1,
        "",
        "%YAML "
            + v.getMajor()
            + "."
            + v.getMinor()
            + " is not supported; scenario files are YAML 1.2 (or 1.1): drop the %YAML line");
  }

  /** Refuses a document nested deeper than the limit, at the first node past it. */
  private void checkNesting(Iterable<Event> events) throws ScenarioException {
    int depth = 0;
    for (Event e : events) {
      Event.ID id = e.getEventId();
      if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
        if (++depth > limits.maxDepth()) {
          throw depthError(e.getStartMark());
        }
      } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
        depth--;
      }
    }
  }

  private ScenarioException depthError(Optional<Mark> at) {
    return error(
        at.map(x -> x.getLine() + 1).orElse(1),
        at.map(x -> x.getColumn() + 1).orElse(1),
        "",
        "the document nests deeper than "
            + limits.maxDepth()
            + " levels, the limit for a scenario file; "
            + InputLimits.DEPTH_OPTION
            + " raises it");
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  private YNode convert(Node n, String path, IdentityHashMap<Node, Boolean> onPath, int depth)
      throws ScenarioException {
    int line = n.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    int col = n.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    if (++nodes > limits.maxNodes()) {
      throw error(
          line,
          col,
          path,
          "the document expands to more than "
              + limits.maxNodes()
              + " nodes, the limit for a scenario file (anchors and aliases used as a bomb?); "
              + InputLimits.NODES_OPTION
              + " raises it");
    }
    if (depth > limits.maxDepth() && !(n instanceof ScalarNode)) {
      // aliases can nest a document deeper than its text does
      throw depthError(n.getStartMark());
    }
    if (onPath.containsKey(n)) {
      throw error(line, col, path, "a recursive alias");
    }
    if (n instanceof ScalarNode s) {
      return new YNode(YNode.Type.SCALAR, line, col, path, s.getValue(), s.isPlain());
    }
    onPath.put(n, Boolean.TRUE);
    try {
      if (n instanceof SequenceNode seq) {
        YNode out = new YNode(YNode.Type.LIST, line, col, path, "", false);
        int i = 0;
        for (Node child : seq.getValue()) {
          out.list.add(convert(child, path + "[" + i++ + "]", onPath, depth + 1));
        }
        return out;
      }
      MappingNode map = (MappingNode) n;
      YNode out = new YNode(YNode.Type.MAP, line, col, path, "", false);
      for (NodeTuple t : map.getValue()) {
        Node k = t.getKeyNode();
        int kl = k.getStartMark().map(m -> m.getLine() + 1).orElse(line);
        int kc = k.getStartMark().map(m -> m.getColumn() + 1).orElse(col);
        if (!(k instanceof ScalarNode ks)) {
          throw error(kl, kc, path, "a key must be a plain word, not a mapping or list");
        }
        String key = ks.getValue();
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (out.map.containsKey(key)) {
          throw error(kl, kc, childPath, "duplicate key");
        }
        out.keys.put(key, new YNode(YNode.Type.SCALAR, kl, kc, childPath, key, true));
        out.map.put(key, convert(t.getValueNode(), childPath, onPath, depth + 1));
      }
      return out;
    } finally {
      onPath.remove(n);
    }
  }

  // ------------------------------------------------------------ typed access

  /** Checks the node is a mapping whose keys are all in {@code allowed}. */
  YNode map(YNode n, Collection<String> allowed) throws ScenarioException {
    if (n.type != YNode.Type.MAP) {
      throw error(n, "expected a mapping, found " + n.describe());
    }
    for (var e : n.keys.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw error(
            e.getValue(), "unknown key '" + e.getKey() + "'" + suggest(e.getKey(), allowed));
      }
    }
    return n;
  }

  YNode mapAny(YNode n) throws ScenarioException {
    if (n.type != YNode.Type.MAP) {
      throw error(n, "expected a mapping, found " + n.describe());
    }
    return n;
  }

  List<YNode> list(YNode n) throws ScenarioException {
    if (n.type != YNode.Type.LIST) {
      throw error(n, "expected a list, found " + n.describe());
    }
    return n.list;
  }

  YNode require(YNode map, String key) throws ScenarioException {
    YNode v = map.map.get(key);
    if (v == null) {
      String path = map.path.isEmpty() ? key : map.path + "." + key;
      throw error(map.line, map.column, path, "missing required key '" + key + "'");
    }
    return v;
  }

  Optional<YNode> optional(YNode map, String key) {
    return Optional.ofNullable(map.map.get(key));
  }

  String string(YNode n) throws ScenarioException {
    if (n.type != YNode.Type.SCALAR || n.isNull()) {
      throw error(n, "expected text, found " + n.describe());
    }
    return n.scalar;
  }

  String string(YNode map, String key, String dflt) throws ScenarioException {
    YNode v = map.map.get(key);
    return v == null ? dflt : string(v);
  }

  /** A name of the form [a-z0-9-]+ (ids, marks). */
  String word(YNode n) throws ScenarioException {
    String s = string(n);
    if (!s.matches("[a-z0-9-]+")) {
      throw error(n, "'" + s + "' must be lower-case letters, digits and '-'");
    }
    return s;
  }

  /** A C identifier (functions, variables, kernels). */
  String identifier(YNode n) throws ScenarioException {
    String s = string(n);
    if (!s.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw error(n, "'" + s + "' is not a valid name");
    }
    return s;
  }

  boolean bool(YNode n) throws ScenarioException {
    if (n.type == YNode.Type.SCALAR && n.plain) {
      switch (n.scalar) {
        case "true":
        case "yes":
        case "on":
          return true;
        case "false":
        case "no":
        case "off":
          return false;
        default:
          break;
      }
    }
    throw error(n, "expected true or false, found " + n.describe());
  }

  /** An integer written decimal or 0x-hex; null reads as 0. */
  long number(YNode n, long min, long max) throws ScenarioException {
    Optional<Long> v = tryNumber(n);
    if (v.isEmpty()) {
      throw error(n, "expected a number, found " + n.describe());
    }
    long x = v.get();
    if (x < min || x > max) {
      throw error(
          n, "value " + ScenarioException.clip(n.scalar) + " is out of range " + range(min, max));
    }
    return x;
  }

  private static String range(long min, long max) {
    return max > 0xFFFF ? min + "..0x" + Long.toHexString(max) : min + ".." + max;
  }

  Optional<Long> tryNumber(YNode n) {
    if (n.type != YNode.Type.SCALAR) {
      return Optional.empty();
    }
    if (n.isNull()) {
      return Optional.of(0L);
    }
    String s = n.scalar.trim().replace("_", "");
    boolean neg = s.startsWith("-");
    if (neg) {
      s = s.substring(1);
    }
    try {
      long v;
      if (s.startsWith("0x") || s.startsWith("0X")) {
        v = Long.parseUnsignedLong(s.substring(2), 16);
      } else if (s.matches("\\d+")) {
        v = Long.parseLong(s);
      } else {
        return Optional.empty();
      }
      return Optional.of(neg ? -v : v);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  int vector(YNode n) throws ScenarioException {
    Optional<Long> v = tryNumber(n);
    if (v.isEmpty() || n.isNull()) {
      throw error(n, "expected a vector number (0x00..0xFF), found " + n.describe());
    }
    if (v.get() < 0 || v.get() > 255) {
      throw error(n, "vector " + ScenarioException.clip(n.scalar) + " is out of range 0x00..0xFF");
    }
    return v.get().intValue();
  }

  /** A duration: "100us", "1.5ms", "3s", or a bare number of nanoseconds. */
  long duration(YNode n) throws ScenarioException {
    if (n.type != YNode.Type.SCALAR || n.isNull()) {
      throw error(n, "expected a duration such as 100us, found " + n.describe());
    }
    Matcher m = DURATION.matcher(n.scalar.trim());
    if (!m.matches()) {
      throw error(n, "'" + n.scalar + "' is not a duration (a number with ns, us, ms or s)");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "ns" : m.group(2);
    double scale =
        switch (unit) {
          case "us" -> 1e3;
          case "ms" -> 1e6;
          case "s" -> 1e9;
          default -> 1;
        };
    double ns = value * scale;
    if (ns > 3.6e12) {
      throw error(n, "duration " + ScenarioException.clip(n.scalar) + " is longer than an hour");
    }
    return Math.round(ns);
  }

  <E extends Enum<E>> E choice(YNode n, Map<String, E> options) throws ScenarioException {
    String s = string(n).toLowerCase(Locale.ROOT);
    E e = options.get(s);
    if (e == null) {
      throw error(
          n,
          "'"
              + n.scalar
              + "' is not one of "
              + String.join(", ", options.keySet())
              + suggest(s, options.keySet()));
    }
    return e;
  }

  /** " (did you mean X?)" for the closest of {@code options}, or empty. */
  static String suggest(String word, Collection<String> options) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String o : options) {
      int d = Spelling.distance(word.toLowerCase(Locale.ROOT), o.toLowerCase(Locale.ROOT));
      if (d < bestD) {
        bestD = d;
        best = o;
      }
    }
    if (best != null && bestD <= Math.max(2, word.length() / 3)) {
      return " (did you mean '" + best + "'?)";
    }
    return "";
  }

  static List<String> keys(String... k) {
    return new ArrayList<>(List.of(k));
  }
}
