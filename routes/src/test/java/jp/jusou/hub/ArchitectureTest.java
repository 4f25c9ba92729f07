package jp.jusou.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rooms of the hub (package by capability) and the rules between them: no cycles; the shared
 * vocabulary ({@code message}) and the wiring ({@code platform}) depend on no capability; only the
 * {@code pipeline} composes the capabilities into routes; capabilities do not reach into each other
 * except through the small interfaces named here.
 */
@AnalyzeClasses(packages = "jp.jusou.hub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule roomsHaveNoCycles = slices().matching("jp.jusou.hub.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule messageIsTheSharedVocabulary = noClasses().that().resideInAPackage("..hub.message..")
            .should().dependOnClassesThat().resideInAnyPackage("..hub.intake..", "..hub.policy..", "..hub.coordination..",
                    "..hub.delivery..", "..hub.connectors..", "..hub.operations..", "..hub.platform..", "..hub.pipeline..");

    @ArchTest
    static final ArchRule platformIsNotDomainSpecific = noClasses().that().resideInAPackage("..hub.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("..hub.intake..", "..hub.policy..", "..hub.coordination..",
                    "..hub.delivery..", "..hub.operations..", "..hub.pipeline..");

    @ArchTest
    static final ArchRule onlyThePipelineComposesCapabilities = noClasses().that()
            .resideInAnyPackage("..hub.intake..", "..hub.policy..", "..hub.coordination..", "..hub.delivery..", "..hub.operations..")
            .should().dependOnClassesThat().resideInAPackage("..hub.pipeline..");

    @ArchTest
    static final ArchRule policyDecidesWithoutDeliveryOrCoordination = noClasses().that().resideInAPackage("..hub.policy..")
            .should().dependOnClassesThat().resideInAnyPackage("..hub.delivery..", "..hub.coordination..", "..hub.intake..");

    @ArchTest
    static final ArchRule intakeKnowsNothingOfWhatFollows = noClasses().that().resideInAPackage("..hub.intake..")
            .should().dependOnClassesThat().resideInAnyPackage("..hub.delivery..", "..hub.coordination..", "..hub.policy..");

    /** The standalone broker launcher (bin/broker) runs in its own JVM, without Spring or the hub. */
    @ArchTest
    static final ArchRule theBrokerLauncherStandsAlone = noClasses().that().resideInAPackage("..hub.broker..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..")
            .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("are in another hub package",
                    c -> c.getPackageName().startsWith("jp.jusou.hub") && !c.getPackageName().startsWith("jp.jusou.hub.broker")));

    @ArchTest
    static final ArchRule camelRoutesLiveInThePipeline = noClasses().that().resideOutsideOfPackage("..hub.pipeline..")
            .should().beAssignableTo(org.apache.camel.builder.RouteBuilder.class);
}
