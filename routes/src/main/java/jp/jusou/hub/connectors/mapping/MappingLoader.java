package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.utils.JsonNodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a mapping file: YAML with line locations, checked against {@code connectors/schema/mapping.schema.json}
 * and then for what a schema cannot say (one type source, unique columns, known id columns...).
 */
final class MappingLoader {

    static final String SCHEMA_LOCATION = "classpath:connectors/schema/mapping.schema.json";

    private static volatile JsonSchema[] schemas;

    private MappingLoader() {
    }

    static CsvMapping load(String fileName, InputStream yaml) throws MappingException {
        JsonNode root;
        try {
            root = LocatedYaml.read(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MappingException(List.of(new MappingProblem(fileName, at == null ? 0 : at.getLineNr(), null, "MAPPING_SYNTAX",
                    "YAMLとして読めません: " + e.getOriginalMessage(), "Not valid YAML: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new MappingException(List.of(new MappingProblem(fileName, 0, null, "MAPPING_SYNTAX",
                    "マッピングファイルを読めません。", "The mapping file cannot be read: " + e.getMessage())));
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new MappingException(List.of(new MappingProblem(fileName, 1, null, "MAPPING_SCHEMA",
                    "マッピングファイルが空か、オブジェクトではありません。", "The mapping file is empty or not a mapping object.")));
        }
        List<MappingProblem> problems = validateSchema(fileName, root);
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        CsvMapping mapping = build(fileName, root, problems);
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        return mapping;
    }

    private static List<MappingProblem> validateSchema(String fileName, JsonNode root) {
        JsonSchema[] compiled = schemas();
        List<ValidationMessage> en = sorted(compiled[0].validate(root));
        List<ValidationMessage> ja = sorted(compiled[1].validate(root));
        List<MappingProblem> problems = new ArrayList<>();
        for (int i = 0; i < en.size(); i++) {
            ValidationMessage m = en.get(i);
            String jaText = i < ja.size() ? ja.get(i).getMessage() : m.getMessage();
            problems.add(new MappingProblem(fileName, lineOf(m.getInstanceNode()), m.getInstanceLocation().toString(), "MAPPING_SCHEMA",
                    "マッピングの形式が正しくありません: " + jaText, "The mapping does not match its schema: " + m.getMessage()));
        }
        problems.sort(Comparator.comparingInt(MappingProblem::line));
        return problems;
    }

    private static List<ValidationMessage> sorted(Set<ValidationMessage> messages) {
        List<ValidationMessage> list = new ArrayList<>(messages);
        list.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                .thenComparing(m -> String.valueOf(m.getEvaluationPath()))
                .thenComparing(m -> String.valueOf(m.getMessageKey()))
                .thenComparing(m -> String.valueOf(m.getProperty())));
        return list;
    }

    private static JsonSchema[] schemas() {
        JsonSchema[] s = schemas;
        if (s == null) {
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
            s = new JsonSchema[2];
            s[0] = factory.getSchema(SchemaLocation.of(SCHEMA_LOCATION),
                    SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).locale(Locale.ENGLISH).build());
            s[1] = factory.getSchema(SchemaLocation.of(SCHEMA_LOCATION),
                    SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).locale(Locale.JAPANESE).build());
            schemas = s;
        }
        return s;
    }

    static int lineOf(JsonNode node) {
        if (node == null) {
            return 0;
        }
        JsonLocation location = JsonNodes.tokenLocationOf(node);
        return location == null ? 0 : location.getLineNr();
    }

    private static CsvMapping build(String fileName, JsonNode root, List<MappingProblem> problems) {
        String id = root.path("id").asText();
        Charset charset = Charset.forName(root.path("encoding").asText("windows-31j"));
        char delimiter = root.path("delimiter").asText(",").charAt(0);
        boolean gaijiPass = "pass".equals(root.path("gaiji").asText("hold"));
        String constantType = root.hasNonNull("type") ? root.get("type").asText() : null;

        List<ColumnSpec> columns = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (JsonNode c : root.get("columns")) {
            String name = c.get("name").asText();
            String key = Texts.key(name);
            if (!keys.add(key)) {
                problems.add(invalid(fileName, c, name, "列「" + name + "」が重複しています（NFKC正規化後）。",
                        "Column '" + name + "' is defined twice (after NFKC normalisation)."));
            }
            ColumnSpec.Kind kind = ColumnSpec.Kind.of(c.path("kind").asText("text"));
            Map<String, String> values = null;
            Map<String, String> inverse = null;
            if (c.has("values")) {
                values = new LinkedHashMap<>();
                inverse = new LinkedHashMap<>();
                var it = c.get("values").properties().iterator();
                while (it.hasNext()) {
                    var e = it.next();
                    if (values.put(Texts.key(e.getKey()), e.getValue().asText()) != null) {
                        problems.add(invalid(fileName, e.getValue(), name, "列「" + name + "」のコード「" + e.getKey() + "」が重複しています（NFKC正規化後）。",
                                "Column '" + name + "': code '" + e.getKey() + "' is defined twice (after NFKC normalisation)."));
                    }
                    inverse.putIfAbsent(e.getValue().asText(), e.getKey());
                }
                if (kind == ColumnSpec.Kind.TYPE) {
                    for (String type : values.values()) {
                        if (!List.of("referral", "referral-status", "case-update", "consent", "outreach-notice").contains(type)) {
                            problems.add(invalid(fileName, c.get("values"), name, "列「" + name + "」の種別「" + type + "」は既知のメッセージ種別ではありません。",
                                    "Column '" + name + "': '" + type + "' is not a known message type."));
                        }
                    }
                }
            }
            Set<String> types = c.has("types") ? textSet(c.get("types")) : null;
            JsonPointer to = c.has("to") ? JsonPointer.compile(c.get("to").asText())
                    : kind == ColumnSpec.Kind.SENSITIVE ? JsonPointer.compile("/payload/sensitive") : null;
            columns.add(new ColumnSpec(name, key, kind, to, c.path("required").asBoolean(false),
                    "nfkc".equals(c.path("normalize").asText("none")), values, inverse,
                    JapaneseDates.Style.of(c.path("format").asText("iso")), c.path("separator").asText(";"),
                    c.path("dataClass").asText(null), c.path("label").asText(null), types));
        }

        List<ColumnSpec> typeColumns = columns.stream().filter(c -> c.kind() == ColumnSpec.Kind.TYPE).toList();
        if ((constantType == null) == typeColumns.isEmpty() || typeColumns.size() > 1) {
            problems.add(invalid(fileName, root.has("type") ? root.get("type") : root.get("columns"), "type",
                    "メッセージ種別は、type（固定値）か kind: type の列のどちらか一つだけで指定してください。",
                    "Give the message type either as a constant 'type' or as exactly one column of kind 'type', not both or neither."));
        }
        Set<String> produced = constantType != null ? Set.of(constantType)
                : typeColumns.isEmpty() ? Set.of() : new LinkedHashSet<>(typeColumns.get(0).values().values());
        for (int i = 0; i < columns.size(); i++) {
            ColumnSpec column = columns.get(i);
            if (column.types() != null && !produced.containsAll(column.types())) {
                problems.add(invalid(fileName, root.get("columns").get(i).get("types"), column.name(),
                        "列「" + column.name() + "」の types に、このマッピングが作らない種別があります。",
                        "Column '" + column.name() + "': types names a message type this mapping does not produce."));
            }
        }

        List<String> idColumns = new ArrayList<>();
        if (root.has("messageId")) {
            for (JsonNode n : root.get("messageId").get("columns")) {
                if (!keys.contains(Texts.key(n.asText()))) {
                    problems.add(invalid(fileName, n, n.asText(), "messageId の列「" + n.asText() + "」が columns にありません。",
                            "messageId column '" + n.asText() + "' is not among the columns."));
                }
                idColumns.add(n.asText());
            }
        }

        List<MappingSpec.Constant> constants = new ArrayList<>();
        for (JsonNode c : root.path("constants")) {
            Set<String> types = c.has("types") ? textSet(c.get("types")) : null;
            if (types != null && !produced.containsAll(types)) {
                problems.add(invalid(fileName, c.get("types"), c.get("to").asText(),
                        "定数 " + c.get("to").asText() + " の types に、このマッピングが作らない種別があります。",
                        "Constant " + c.get("to").asText() + ": types names a message type this mapping does not produce."));
            }
            JsonNode value = c.get("value");
            JsonNode plain = value.isBoolean() ? JsonNodeFactory.instance.booleanNode(value.booleanValue())
                    : value.isIntegralNumber() ? JsonNodeFactory.instance.numberNode(value.longValue())
                    : JsonNodeFactory.instance.textNode(value.asText());
            constants.add(new MappingSpec.Constant(JsonPointer.compile(c.get("to").asText()), plain, types));
        }
        return new CsvMapping(new MappingSpec(id, charset, delimiter, gaijiPass, constantType, columns, idColumns, constants));
    }

    private static Set<String> textSet(JsonNode array) {
        Set<String> set = new LinkedHashSet<>();
        array.forEach(n -> set.add(n.asText()));
        return set;
    }

    private static MappingProblem invalid(String fileName, JsonNode at, String column, String ja, String en) {
        return new MappingProblem(fileName, lineOf(at), column, "MAPPING_INVALID", ja, en);
    }
}
