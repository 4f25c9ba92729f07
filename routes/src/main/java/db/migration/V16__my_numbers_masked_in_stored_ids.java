package db.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Objects;
import jp.jusou.hub.message.MyNumberDetector;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Masks every 個人番号 that earlier versions stored in the metadata of rejected messages: the
 * quarantine's message id, type and reasons (a JSON key that is a 個人番号 was a reason's path), and
 * the outcome and report of a rejected message (its inReplyTo). Bodies were always stored masked.
 * Since this version the hub masks them before writing; this carries the rows written before over.
 *
 * <p>In Java because it is the hub's own detector that decides (every writing it accepts: full-width,
 * spaced, hyphenated), which SQL cannot say the same way on H2 and PostgreSQL. Delivered messages are
 * not read: a message with a 個人番号 is never delivered.
 */
public class V16__my_numbers_masked_in_stored_ids extends BaseJavaMigration {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void migrate(Context context) throws Exception {
        Connection db = context.getConnection();
        mask(db, "SELECT quarantine_id, message_id, message_type, reasons_json FROM quarantine",
                "UPDATE quarantine SET message_id = ?, message_type = ?, reasons_json = ? WHERE quarantine_id = ?");
        mask(db, "SELECT outcome_id, message_id, message_type, report_json FROM message_outcome WHERE outcome <> 'delivered'",
                "UPDATE message_outcome SET message_id = ?, message_type = ?, report_json = ? WHERE outcome_id = ?");
    }

    /** Rewrites the rows {@code select} reads (key, messageId, type, JSON) whose id, type or JSON holds a 個人番号. */
    private static void mask(Connection db, String select, String update) throws Exception {
        try (Statement read = db.createStatement();
             ResultSet rows = read.executeQuery(select);
             PreparedStatement write = db.prepareStatement(update)) {
            while (rows.next()) {
                String id = rows.getString(2);
                String type = rows.getString(3);
                String json = rows.getString(4);
                String maskedJson = maskedJson(json);
                if (!Objects.equals(id, MyNumberDetector.mask(id)) || !Objects.equals(type, MyNumberDetector.mask(type))
                        || !Objects.equals(json, maskedJson)) {
                    write.setString(1, MyNumberDetector.mask(id));
                    write.setString(2, MyNumberDetector.mask(type));
                    write.setString(3, maskedJson);
                    write.setString(4, rows.getString(1));
                    write.executeUpdate();
                }
            }
        }
    }

    /** The JSON text with every 個人番号 masked in keys and values; unchanged text when there is none. */
    private static String maskedJson(String text) throws Exception {
        if (text == null || !MyNumberDetector.contains(text)) {
            return text;
        }
        return JSON.writeValueAsString(MyNumberDetector.maskJson(JSON.readTree(text)));
    }
}
