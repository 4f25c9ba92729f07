package jp.jusou.hub;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The hub's application modules (one per capability, see each package-info.java): verified, and documented
 * into docs/architecture/ (a component diagram of all modules and a canvas per module).
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(HubApplication.class);

    @Test
    void modulesKeepToTheirDoors() {
        MODULES.verify();
    }

    @Test
    void writesTheModuleDocumentation() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("../docs/architecture"))
                .writeDocumentation();
    }
}
