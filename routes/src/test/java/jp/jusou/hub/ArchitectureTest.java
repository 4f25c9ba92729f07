package jp.jusou.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules between the hub's modules that Spring Modulith does not express. Which module may depend on which,
 * and the absence of cycles, are declared in each module's package-info.java and verified by
 * {@link ModularityTest}.
 */
@AnalyzeClasses(packages = "jp.jusou.hub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * The standalone broker launcher (bin/broker) runs in its own JVM, without Spring or the hub: of the hub it
     * uses only the broker names (message.BrokerNames, plain constants and string functions, so that the
     * plugins and the hub agree on what an agency's queue is). (Its package-info carries the module
     * annotation, which is never loaded at run time.)
     */
    @ArchTest
    static final ArchRule theBrokerLauncherStandsAlone = noClasses().that().resideInAPackage("..hub.broker..")
            .and().doNotHaveSimpleName("package-info")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..")
            .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("are in another hub package (the broker names aside)",
                    c -> c.getPackageName().startsWith("jp.jusou.hub") && !c.getPackageName().startsWith("jp.jusou.hub.broker")
                            && !c.getName().equals(jp.jusou.hub.message.BrokerNames.class.getName())));

    @ArchTest
    static final ArchRule camelRoutesLiveInThePipeline = noClasses().that().resideOutsideOfPackage("..hub.pipeline..")
            .should().beAssignableTo(org.apache.camel.builder.RouteBuilder.class);
}
