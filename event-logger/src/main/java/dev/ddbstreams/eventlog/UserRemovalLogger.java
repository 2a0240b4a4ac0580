package dev.ddbstreams.eventlog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.lambda.StructuredLog;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Logs the removal of a user from the {@code Users} table: the user's id, creation {@code timestamp} and
 * masked e-mail, read from the old image. The seed tutorial logs whole records, e-mail addresses
 * included. Here the address only ever appears masked ({@link EmailMask}), and no other attribute of
 * the old image is logged, since it may hold more personal data.
 *
 * <p>The mapping filters on {@code eventName = REMOVE}. Anything else that still arrives (a mapping
 * created without the filter) is acknowledged with a line that carries no item data.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html">Lambda event filtering</a>
 */
public final class UserRemovalLogger {

    static final String USER_ID = "id";
    static final String EMAIL = "email";
    static final String TIMESTAMP = "timestamp";

    private final StructuredLog log;

    public UserRemovalLogger(StructuredLog log) {
        this.log = log;
    }

    /** @return whether the record was a removal */
    public boolean log(ChangeRecord record) {
        Map<String, Object> fields = record.logFields();
        if (!ChangeRecord.REMOVE.equals(record.eventName())) {
            fields.put("reason", "not a REMOVE; the mapping's filter should have kept it out");
            log.info("record ignored", fields);
            return false;
        }
        AttributeValue id = record.keys().get(USER_ID);
        if (id == null) {
            throw new MalformedRecordException("REMOVE record " + record.eventId() + " has no '" + USER_ID + "' key");
        }
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        user.set("id", AttributeJson.toJson(id, USER_ID));
        record.oldImage().ifPresent(old -> {
            AttributeValue timestamp = old.get(TIMESTAMP);
            if (timestamp != null) {
                user.set("timestamp", AttributeJson.toJson(timestamp, TIMESTAMP));
            }
            AttributeValue email = old.get(EMAIL);
            if (email != null) {
                // Only a string can be an address worth a hint; any other type is masked entirely.
                user.put("email", email.type() == AttributeValue.Type.S ? EmailMask.mask(email.s()) : EmailMask.MASK);
            }
        });
        fields.put("user", user);
        fields.put("expiredByTtl", record.expiredByTtl());
        if (record.oldImage().isEmpty()) {
            fields.put("oldImage", "missing: the Users stream must use NEW_AND_OLD_IMAGES or OLD_IMAGE");
        }
        log.info("user removed", fields);
        return true;
    }
}
