package org.apicflow.ui.editor;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import org.apicflow.scenario.ScenarioException;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.event.MouseOverTextEvent;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The text of a scenario in a code editor: YAML colours, line numbers, the format's keys and op
 * names completed (Ctrl+Space, or as an op name is typed), undo and redo (Ctrl+Z, Ctrl+Y), and the
 * load error underlined where the loader found it, its message on hover and in a strip under the
 * text with the did-you-mean as a one-click fix.
 */
public final class ScenarioEditor extends VBox {
  private final CodeArea area = new CodeArea();
  private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
  private final Label errorText = new Label();
  private final Button fixButton = new Button();
  private final HBox errorStrip;
  private final Popup completionPopup = new Popup();
  private final ListView<String> completionList = new ListView<>();
  private final Popup hoverPopup = new Popup();
  private final Label hoverText = new Label();
  private final IntFunction<Node> lineNumbers = LineNumberFactory.get(area);

  /** The text as last opened or saved: the editor is dirty while its text differs. */
  private String baseline = "";

  private ScenarioException error;
  private int errorStart = -1;
  private int errorEnd = -1;

  /** Whether the current change comes from {@link #setText} rather than the user. */
  private boolean settingText;

  private Runnable onEdit = () -> {};

  public ScenarioEditor() {
    getStyleClass().add("scenario-editor");
    setId("scenario-editor");
    area.setId("editor-area");
    area.getStyleClass().add("scenario-code");
    area.setWrapText(false);
    area.setParagraphGraphicFactory(this::gutter);
    VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
    VBox.setVgrow(scroll, Priority.ALWAYS);

    errorText.setId("editor-error");
    errorText.getStyleClass().add("editor-error-text");
    errorText.setWrapText(true);
    errorText.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(errorText, Priority.ALWAYS);
    fixButton.setId("editor-fix");
    fixButton.getStyleClass().add("editor-fix");
    fixButton.setMinWidth(Region.USE_PREF_SIZE);
    fixButton.setOnAction(e -> applySuggestion());
    errorStrip = new HBox(8, errorText, fixButton);
    errorStrip.setAlignment(Pos.CENTER_LEFT);
    errorStrip.getStyleClass().add("editor-error-strip");
    errorStrip.setVisible(false);
    errorStrip.setManaged(false);
    getChildren().addAll(scroll, errorStrip);

    area.plainTextChanges()
        .filter(ch -> !ch.isIdentity())
        .subscribe(
            ch -> {
              restyle();
              dirty.set(!area.getText().equals(baseline));
              if (!settingText) {
                onEdit.run();
                if (ch.getInserted().length() == 1
                    && Character.isLetter(ch.getInserted().charAt(0))
                    && inOpValue()) {
                  showCompletion();
                } else if (completionPopup.isShowing()) {
                  refreshCompletion();
                }
              }
            });

    // completion: Ctrl+Space opens it; Up/Down/Enter/Tab/Esc drive it
    completionList.setId("editor-completion");
    completionList.getStyleClass().add("editor-completion");
    completionList.setPrefHeight(180);
    completionList.setPrefWidth(220);
    completionList.setOnMouseClicked(
        e -> {
          if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
            acceptCompletion();
          }
        });
    completionPopup.getContent().add(completionList);
    completionPopup.setAutoHide(true);
    area.addEventFilter(KeyEvent.KEY_PRESSED, this::key);

    hoverText.getStyleClass().add("editor-hover");
    hoverText.setWrapText(true);
    hoverText.setMaxWidth(520);
    hoverPopup.getContent().add(hoverText);
    area.setMouseOverTextDelay(Duration.ofMillis(350));
    area.addEventHandler(
        MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN,
        e -> {
          int i = e.getCharacterIndex();
          if (error != null && i >= errorStart - 1 && i <= errorEnd) {
            hoverText.setText(message(error));
            hoverPopup.show(area, e.getScreenPosition().getX(), e.getScreenPosition().getY() + 12);
          }
        });
    area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> hoverPopup.hide());
  }

  /** The code area itself. */
  public CodeArea area() {
    return area;
  }

  /** Called after each edit the user makes (not after {@link #setText}). */
  public void setOnEdit(Runnable r) {
    onEdit = r;
  }

  public String text() {
    return area.getText();
  }

  /**
   * Replaces the whole text, as from a file: the undo history starts again and the editor is clean.
   * The caret keeps its line when the text has it.
   */
  public void setText(String text) {
    int caret = Math.min(area.getCaretPosition(), text.length());
    settingText = true;
    try {
      area.replaceText(text);
    } finally {
      settingText = false;
    }
    baseline = text;
    dirty.set(false);
    area.getUndoManager().forgetHistory();
    area.moveTo(caret);
    area.requestFollowCaret();
  }

  /** The text was written to its file: the editor is clean again (undo history kept). */
  public void markSaved() {
    baseline = area.getText();
    dirty.set(false);
  }

  /** Whether the text differs from the file it was opened from or last saved to. */
  public ReadOnlyBooleanProperty dirtyProperty() {
    return dirty.getReadOnlyProperty();
  }

  public boolean isDirty() {
    return dirty.get();
  }

  // ------------------------------------------------------------------ errors

  /**
   * Underlines where the loader failed and shows its message, with the fix when it suggests one.
   */
  public void showError(ScenarioException e) {
    error = e;
    String t = area.getText();
    int line = Math.max(0, Math.min(e.line() - 1, area.getParagraphs().size() - 1));
    int lineLen = area.getParagraph(line).length();
    int col = Math.max(0, Math.min(e.column() - 1, lineLen));
    int start = area.getAbsolutePosition(line, col);
    int end = start;
    boolean quoted = start < t.length() && (t.charAt(start) == '"' || t.charAt(start) == '\'');
    if (quoted) {
      int close = t.indexOf(t.charAt(start), start + 1);
      int nl = t.indexOf('\n', start);
      end = close > 0 && (nl < 0 || close < nl) ? close + 1 : (nl < 0 ? t.length() : nl);
    } else {
      while (end < t.length()
          && !Character.isWhitespace(t.charAt(end))
          && ",}]".indexOf(t.charAt(end)) < 0) {
        end++;
      }
    }
    if (end == start) {
      // nothing to underline at that place (an end of line): underline the line's last character
      int lineStart = area.getAbsolutePosition(line, 0);
      start = Math.max(lineStart, start - 1);
      end = Math.max(end, Math.min(t.length(), start + 1));
    }
    errorStart = start;
    errorEnd = end;
    errorText.setText("line " + e.line() + ", column " + e.column() + ": " + e.problem());
    Optional<String[]> fix = suggestion();
    fixButton.setVisible(fix.isPresent());
    fixButton.setManaged(fix.isPresent());
    fix.ifPresent(f -> fixButton.setText("Use '" + f[1] + "'"));
    errorStrip.setVisible(true);
    errorStrip.setManaged(true);
    restyle();
    refreshGutter();
  }

  /** Scrolls the text so the error's line is in view (after a change from outside). */
  public void revealError() {
    if (error != null) {
      int line = Math.max(0, Math.min(error.line() - 1, area.getParagraphs().size() - 1));
      area.showParagraphInViewport(line);
    }
  }

  public void clearError() {
    if (error == null) {
      return;
    }
    error = null;
    errorStart = -1;
    errorEnd = -1;
    errorStrip.setVisible(false);
    errorStrip.setManaged(false);
    hoverPopup.hide();
    restyle();
    refreshGutter();
  }

  /** The message the hover popup shows now, if it is showing. */
  public Optional<String> hoverMessage() {
    return hoverPopup.isShowing() ? Optional.of(hoverText.getText()) : Optional.empty();
  }

  /** The error shown, if any. */
  public Optional<ScenarioException> error() {
    return Optional.ofNullable(error);
  }

  /** Where the underline runs: {start, end} offsets, or empty without an error. */
  public Optional<int[]> errorRange() {
    return error == null ? Optional.empty() : Optional.of(new int[] {errorStart, errorEnd});
  }

  private static String message(ScenarioException e) {
    String key = e.key().isEmpty() ? "" : e.key() + ": ";
    return "line " + e.line() + ", column " + e.column() + ": " + key + e.problem();
  }

  private static final Pattern DID_YOU_MEAN =
      Pattern.compile("'([^']*)'.*\\(did you mean '([^']*)'\\?\\)");

  /** {wrong, right} when the error's message has a did-you-mean. */
  public Optional<String[]> suggestion() {
    if (error == null) {
      return Optional.empty();
    }
    Matcher m = DID_YOU_MEAN.matcher(error.problem());
    return m.find() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
  }

  /**
   * Replaces the misspelt word with the suggestion, as an edit (undo takes it back): the occurrence
   * nearest the error's place on its line, else the nearest in the text.
   */
  public boolean applySuggestion() {
    Optional<String[]> s = suggestion();
    if (s.isEmpty()) {
      return false;
    }
    String wrong = s.get()[0];
    String right = s.get()[1];
    String t = area.getText();
    int line = Math.max(0, Math.min(error.line() - 1, area.getParagraphs().size() - 1));
    int lineStart = area.getAbsolutePosition(line, 0);
    int lineEnd = lineStart + area.getParagraph(line).length();
    int best = -1;
    Pattern word = Pattern.compile("(?<![\\w-])" + Pattern.quote(wrong) + "(?![\\w-])");
    Matcher m = word.matcher(t);
    int bestDist = Integer.MAX_VALUE;
    while (m.find()) {
      int d = Math.abs(m.start() - errorStart);
      if (m.start() < lineStart || m.start() > lineEnd) {
        d += t.length(); // another line: only when the error's line has none
      }
      if (d < bestDist) {
        bestDist = d;
        best = m.start();
      }
    }
    if (best < 0) {
      return false;
    }
    area.replaceText(best, best + wrong.length(), right);
    area.moveTo(best + right.length());
    area.requestFocus();
    return true;
  }

  private Node gutter(int line) {
    Node n = lineNumbers.apply(line);
    if (error != null && line == error.line() - 1) {
      n.getStyleClass().add("lineno-error");
    }
    return n;
  }

  private void refreshGutter() {
    area.setParagraphGraphicFactory(null);
    area.setParagraphGraphicFactory(this::gutter);
  }

  private void restyle() {
    String t = area.getText();
    StyleSpans<Collection<String>> spans = YamlHighlighter.highlight(t);
    if (error != null && errorEnd <= t.length() && errorStart >= 0 && errorEnd > errorStart) {
      StyleSpans<Collection<String>> err =
          new StyleSpansBuilder<Collection<String>>()
              .add(List.of(), errorStart)
              .add(List.of("yaml-error"), errorEnd - errorStart)
              .add(List.of(), t.length() - errorEnd)
              .create();
      spans =
          spans.overlay(
              err,
              (a, b) -> {
                if (b.isEmpty()) {
                  return a;
                }
                java.util.List<String> both = new java.util.ArrayList<>(a);
                both.addAll(b);
                return both;
              });
    }
    area.setStyleSpans(0, spans);
  }

  // ------------------------------------------------------------------ completion

  /** What completion offers at the caret now. */
  public List<String> completionsAtCaret() {
    return Completion.candidates(area.getText(), area.getCaretPosition());
  }

  private boolean inOpValue() {
    String t = area.getText();
    int caret = area.getCaretPosition();
    int start = Completion.wordStart(t, caret);
    int lineStart = t.lastIndexOf('\n', start - 1) + 1;
    return t.substring(lineStart, start).matches(".*\\bop:[ \\t]*");
  }

  /** Opens the completion list at the caret (Ctrl+Space). */
  public void showCompletion() {
    List<String> c = completionsAtCaret();
    if (c.isEmpty()) {
      completionPopup.hide();
      return;
    }
    completionList.getItems().setAll(c);
    completionList.getSelectionModel().select(0);
    Optional<Bounds> b = area.getCaretBounds();
    if (b.isPresent() && getScene() != null) {
      completionPopup.show(area, b.get().getMinX(), b.get().getMaxY() + 2);
    }
  }

  private void refreshCompletion() {
    List<String> c = completionsAtCaret();
    if (c.isEmpty()) {
      completionPopup.hide();
    } else {
      completionList.getItems().setAll(c);
      completionList.getSelectionModel().select(0);
    }
  }

  /** Whether the completion list is open. */
  public boolean completionShowing() {
    return completionPopup.isShowing();
  }

  /** Inserts the selected completion in place of the word typed so far. */
  public void acceptCompletion() {
    String w = completionList.getSelectionModel().getSelectedItem();
    completionPopup.hide();
    if (w == null) {
      return;
    }
    String t = area.getText();
    int caret = area.getCaretPosition();
    int start = Completion.wordStart(t, caret);
    String ins = Completion.insertion(t, caret, w);
    area.replaceText(start, caret, ins);
    area.moveTo(start + ins.length());
  }

  private void key(KeyEvent e) {
    if (completionPopup.isShowing()) {
      var sel = completionList.getSelectionModel();
      switch (e.getCode()) {
        case DOWN -> {
          sel.selectNext();
          completionList.scrollTo(sel.getSelectedIndex());
          e.consume();
        }
        case UP -> {
          sel.selectPrevious();
          completionList.scrollTo(sel.getSelectedIndex());
          e.consume();
        }
        case ENTER, TAB -> {
          acceptCompletion();
          e.consume();
        }
        case ESCAPE -> {
          completionPopup.hide();
          e.consume();
        }
        default -> {}
      }
      if (e.isConsumed()) {
        return;
      }
    }
    if (e.isControlDown() && e.getCode() == KeyCode.SPACE) {
      showCompletion();
      e.consume();
    } else if (e.getCode() == KeyCode.TAB && !e.isShiftDown()) {
      area.replaceSelection("  "); // YAML has no tabs
      e.consume();
    } else if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown()) {
      // keep the indentation of the line
      String t = area.getText();
      int caret = area.getCaretPosition();
      int lineStart = t.lastIndexOf('\n', caret - 1) + 1;
      int i = lineStart;
      while (i < caret && t.charAt(i) == ' ') {
        i++;
      }
      area.replaceSelection("\n" + " ".repeat(i - lineStart));
      e.consume();
    }
  }
}
