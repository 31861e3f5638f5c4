package org.meterkast.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of docs/ARCHITECTURE.md, checked on the compiled classes of every module the server is built
 * from: dependencies point one way (server → energy → p1, sim → p1), the domain and the P1 library know nothing
 * of Spring, and inside the server the store knows nothing of the features that use it.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.meterkast");
    }

    @Test
    void theP1LibraryNeedsNothingButTheJdk() {
        // p1-tool's serial port and command line (org.meterkast.p1.serial, .tool) are a module of their own
        classes().that().resideInAPackage("org.meterkast.p1..")
                .and().resideOutsideOfPackages("org.meterkast.p1.serial..", "org.meterkast.p1.tool..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.meterkast.p1..", "java..")
                .check(classes);
    }

    @Test
    void theDomainIsPureJavaOnTopOfP1() {
        classes().that().resideInAPackage("org.meterkast.energy..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("org.meterkast.energy..", "org.meterkast.p1..", "java..")
                .check(classes);
    }

    @Test
    void theSimulatorSpeaksP1AndKnowsNothingOfTheServer() {
        noClasses().that().resideInAPackage("org.meterkast.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("org.meterkast.server..", "org.springframework..")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheServer() {
        noClasses().that().resideOutsideOfPackage("org.meterkast.server..")
                .should().dependOnClassesThat().resideInAPackage("org.meterkast.server..")
                .check(classes);
    }

    @Test
    void theStoreKnowsNothingOfTheFeaturesThatUseIt() {
        noClasses().that().resideInAPackage("org.meterkast.server.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.meterkast.server.ingest..",
                        "org.meterkast.server.live..", "org.meterkast.server.web..")
                .check(classes);
    }

    @Test
    void theServersFeaturesHaveNoCycles() {
        slices().matching("org.meterkast.server.(*)..").should().beFreeOfCycles().check(classes);
    }
}
