package org.apicflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/architecture.md "Layers": dependencies point down only, and only the UI knows JavaFX. */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.apicflow");
  }

  @Test
  void onlyTheUiImportsJavafx() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.apicflow.ui..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("javafx..")
        .check(classes);
  }

  @Test
  void apicDependsOnTheJdkOnly() {
    noClasses()
        .that()
        .resideInAPackage("org.apicflow.apic..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apicflow.machine..",
            "org.apicflow.scenario..",
            "org.apicflow.trace..",
            "org.apicflow.ui..",
            "org.apicflow.cli..")
        .check(classes);
  }

  @Test
  void machineDoesNotKnowScenariosTracesOrViews() {
    noClasses()
        .that()
        .resideInAPackage("org.apicflow.machine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apicflow.scenario..",
            "org.apicflow.trace..",
            "org.apicflow.ui..",
            "org.apicflow.cli..")
        .check(classes);
  }

  @Test
  void scenarioDoesNotKnowTracesOrViews() {
    noClasses()
        .that()
        .resideInAPackage("org.apicflow.scenario..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apicflow.trace..", "org.apicflow.ui..", "org.apicflow.cli..")
        .check(classes);
  }

  @Test
  void traceDoesNotKnowViewsOrTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("org.apicflow.trace..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apicflow.ui..", "org.apicflow.cli..")
        .check(classes);
  }

  @Test
  void uiDoesNotUseTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("org.apicflow.ui..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apicflow.cli..")
        .check(classes);
  }
}
