package jp.jusou.hub.connectors;

/**
 * Connector definitions read with the CSV mappings they run with: a new text pins today's mappings,
 * a registered version the mappings pinned when it was deployed.
 */
final class PinnedDefinitions {

    private final ConnectorDefinitions definitions;
    private final MappingCatalog mappings;

    PinnedDefinitions(MappingCatalog mappings) {
        this.definitions = new ConnectorDefinitions(mappings::exists);
        this.mappings = mappings;
    }

    ConnectorDefinitions definitions() {
        return definitions;
    }

    /** A new text, checked against the schema, with the current text of every mapping it names. */
    ConnectorDefinition parse(String file, String text) {
        return mappings.pin(definitions.parse(file, text));
    }

    /** A version as it was deployed, with the mappings pinned then (a row from before pinning pins today's). */
    ConnectorDefinition of(ConnectorRegistry.Version version) {
        ConnectorDefinition definition = definitions.parse(version.sourceName(), version.definition());
        return version.mappings().isEmpty() && !definition.mappingIds().isEmpty() ? mappings.pin(definition)
                : definition.withMappings(version.mappings());
    }
}
