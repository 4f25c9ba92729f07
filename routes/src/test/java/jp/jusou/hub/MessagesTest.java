package jp.jusou.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The test messages are sent today, whatever day that is, and keep the time line of their example. */
class MessagesTest {

    private static final Path SCHEMAS = Path.of("../schemas/v1");

    @Test
    void anExampleIsSentTodayWithItsDeadlineAsFarAheadAndBirthDatesUntouched() throws IOException {
        JsonNode original = Messages.JSON.readTree(SCHEMAS.resolve("examples/referral/8050-hikikomori.json").toFile());
        LocalDate originalSent = OffsetDateTime.parse(original.get("sentAt").asText()).toLocalDate();
        long answerWithin = ChronoUnit.DAYS.between(originalSent, LocalDate.parse(original.at("/payload/respondBy").asText()));

        ObjectNode referral = Messages.example("referral/8050-hikikomori.json");
        LocalDate today = TestDates.today();
        OffsetDateTime sentAt = OffsetDateTime.parse(referral.get("sentAt").asText());
        assertThat(sentAt.toLocalDate()).isEqualTo(today);
        assertThat(sentAt.toLocalTime()).as("the time of day stays").isEqualTo(OffsetDateTime.parse(original.get("sentAt").asText()).toLocalTime());
        assertThat(LocalDate.parse(referral.at("/payload/respondBy").asText())).isEqualTo(today.plusDays(answerWithin));
        assertThat(referral.at("/payload/person/birthDate")).isEqualTo(original.at("/payload/person/birthDate"));
    }

    @Test
    void nestedDatesMoveTooAndTheirDistancesStay() {
        ObjectNode update = Messages.example("case-update/support-start-juso-kaigi.json");
        LocalDate today = TestDates.today();
        assertThat(LocalDate.parse(update.at("/payload/meeting/date").asText())).isEqualTo(today); // the meeting was the day it was sent
        ObjectNode consent = Messages.example("consent/grant-written.json");
        assertThat(LocalDate.parse(consent.at("/payload/validFrom").asText())).isEqualTo(today);
        assertThat(LocalDate.parse(consent.at("/payload/validUntil").asText())).isAfter(today.plusDays(300));
    }

    @Test
    void aRebaseToAnotherDayMovesEveryTimeLineDateByTheSameDays() {
        ObjectNode consent = Messages.example("consent/grant-written.json");
        LocalDate from = LocalDate.parse(Messages.payload(consent).get("validFrom").asText());
        LocalDate until = LocalDate.parse(Messages.payload(consent).get("validUntil").asText());
        Messages.rebase(consent, LocalDate.of(2031, 2, 28));
        assertThat(OffsetDateTime.parse(consent.get("sentAt").asText()).toLocalDate()).isEqualTo(LocalDate.of(2031, 2, 28));
        long moved = ChronoUnit.DAYS.between(from, LocalDate.parse(Messages.payload(consent).get("validFrom").asText()));
        assertThat(LocalDate.parse(Messages.payload(consent).get("validUntil").asText())).isEqualTo(until.plusDays(moved));
    }

    /** A date field added to a schema must be classed: rebased with the message, or a fact about a person. */
    @Test
    void everyDateFieldOfTheSchemasIsEitherOnTheTimeLineOrAPersonalFact() throws IOException {
        Set<String> dateFields = new TreeSet<>();
        try (Stream<Path> schemas = Files.list(SCHEMAS)) {
            for (Path schema : schemas.filter(p -> p.getFileName().toString().endsWith(".schema.json")).toList()) {
                collectDateFields(Messages.JSON.readTree(schema.toFile()), dateFields);
            }
        }
        assertThat(dateFields).as("date fields found in the schemas").isNotEmpty();
        Set<String> classed = new TreeSet<>(Messages.TIME_LINE_DATES);
        classed.addAll(Messages.PERSONAL_DATES);
        assertThat(classed).isEqualTo(dateFields);
    }

    private static void collectDateFields(JsonNode node, Set<String> found) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()) {
                for (Map.Entry<String, JsonNode> p : properties.properties()) {
                    if (isDate(p.getValue()) || isDate(p.getValue().path("items"))) {
                        found.add(p.getKey());
                    }
                }
            }
            node.forEach(child -> collectDateFields(child, found));
        } else if (node.isArray()) {
            node.forEach(child -> collectDateFields(child, found));
        }
    }

    private static boolean isDate(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        String format = schema.path("format").asText("");
        return ref.endsWith("/isoDate") || ref.endsWith("/dateTime") || format.equals("date") || format.equals("date-time");
    }
}
