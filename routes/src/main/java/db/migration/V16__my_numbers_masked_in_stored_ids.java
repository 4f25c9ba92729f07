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
        try (Statement read = db.createStatement();
             ResultSet rows = read.executeQuery("SELECT quarantine_id, message_id, message_type, reasons_json FROM quarantine");
             PreparedStatement update = db.prepareStatement(
                     "UPDATE quarantine SET message_id = ?, message_type = ?, reasons_json = ? WHERE quarantine_id = ?")) {
            while (rows.next()) {
                String id = rows.getString(2);
                String type = rows.getString(3);
                String reasons = rows.getString(4);
                String maskedReasons = maskedJson(reasons);
                if (!Objects.equals(id, MyNumberDetector.mask(id)) || !Objects.equals(type, MyNumberDetector.mask(type))
                        || !Objects.equals(reasons, maskedReasons)) {
                    update.setString(1, MyNumberDetector.mask(id));
                    update.setString(2, MyNumberDetector.mask(type));
                    update.setString(3, maskedReasons);
                    update.setString(4, rows.getString(1));
                    update.executeUpdate();
                }
            }
        }
        try (Statement read = db.createStatement();
             ResultSet rows = read.executeQuery("SELECT outcome_id, message_id, message_type, report_json FROM message_outcome"
                     + " WHERE outcome <> 'delivered'");
             PreparedStatement update = db.prepareStatement(
                     "UPDATE message_outcome SET message_id = ?, message_type = ?, report_json = ? WHERE outcome_id = ?")) {
            while (rows.next()) {
                String id = rows.getString(2);
                String type = rows.getString(3);
                String report = rows.getString(4);
                String maskedReport = maskedJson(report);
                if (!Objects.equals(id, MyNumberDetector.mask(id)) || !Objects.equals(type, MyNumberDetector.mask(type))
                        || !Objects.equals(report, maskedReport)) {
                    update.setString(1, MyNumberDetector.mask(id));
                    update.setString(2, MyNumberDetector.mask(type));
                    update.setString(3, maskedReport);
                    update.setString(4, rows.getString(1));
                    update.executeUpdate();
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
