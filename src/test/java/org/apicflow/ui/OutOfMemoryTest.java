package org.apicflow.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Running out of memory gives one line, and on the FX thread the app quits rather than hangs. */
class OutOfMemoryTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8);
  private final AtomicInteger quits = new AtomicInteger();
  private final AtomicInteger passedOn = new AtomicInteger();
  private final OutOfMemory handler =
      new OutOfMemory((t, e) -> passedOn.incrementAndGet(), err, quits::incrementAndGet);

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onTheFxThreadOneLineAndTheAppQuits() {
    Thread fx = new Thread(() -> {}, "JavaFX Application Thread");
    handler.uncaughtException(fx, new OutOfMemoryError("Java heap space"));
    assertThat(printed().lines()).hasSize(1);
    assertThat(printed())
        .startsWith("apicflow: out of memory (the app may use ")
        .contains("MB) in JavaFX Application Thread; the window closes")
        .doesNotContain("\tat ");
    assertThat(quits).hasValue(1);
    assertThat(passedOn).hasValue(0);
  }

  @Test
  void onAnotherThreadOneLineAndTheAppGoesOn() {
    handler.uncaughtException(new Thread(() -> {}, "worker"), new OutOfMemoryError());
    assertThat(printed().lines()).containsExactly(OutOfMemory.line("worker", false));
    assertThat(quits).hasValue(0);
  }

  @Test
  void otherExceptionsAreLeftToTheHandlerBefore() {
    handler.uncaughtException(new Thread(() -> {}, "worker"), new IllegalStateException("x"));
    assertThat(passedOn).hasValue(1);
    assertThat(printed()).isEmpty();
    assertThat(quits).hasValue(0);
  }

  @Test
  void withNoHandlerBeforeTheyArePrintedAsTheThreadGroupWould() {
    OutOfMemory alone = new OutOfMemory(null, err, quits::incrementAndGet);
    alone.uncaughtException(new Thread(() -> {}, "worker"), new IllegalStateException("x"));
    assertThat(printed())
        .startsWith("Exception in thread \"worker\" java.lang.IllegalStateException: x");
  }

  @Test
  void aRunThatRunsOutWhileOpeningIsReportedInOneLine() {
    assertThat(MainViewModel.outOfMemoryText())
        .matches("not enough memory: the app may use [0-9,]+ MB and this needs more");
  }
}
