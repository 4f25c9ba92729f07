package jp.jusou.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The hub's application modules (one per capability, see each package-info.java): verified, and documented
 * into docs/architecture/ (a component diagram of all modules and a canvas per module).
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(HubApplication.class);
    static final Path OUTPUT = Path.of("..", "docs", "architecture");

    @Test
    void modulesKeepToTheirDoors() {
        MODULES.verify();
    }

    @Test
    void writesTheModuleDocumentation() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(OUTPUT.toString()))
                .writeDocumentation();
        // the Documenter writes a diagram's relations in no fixed order: sorted, a diagram changes in git
        // only when the modules do
        try (Stream<Path> diagrams = Files.list(OUTPUT)) {
            for (Path diagram : diagrams.filter(f -> f.toString().endsWith(".puml")).toList()) {
                List<String> lines = Files.readAllLines(diagram);
                List<String> relations = lines.stream().filter(l -> l.startsWith("Rel(")).sorted().toList();
                List<String> sorted = new ArrayList<>();
                boolean placed = false;
                for (String line : lines) {
                    if (!line.startsWith("Rel(")) {
                        sorted.add(line);
                    } else if (!placed) {
                        sorted.addAll(relations); // where the relations began
                        placed = true;
                    }
                }
                assertThat(sorted).hasSameSizeAs(lines);
                Files.write(diagram, sorted);
            }
        }
    }
}
