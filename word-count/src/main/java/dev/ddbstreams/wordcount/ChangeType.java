package dev.ddbstreams.wordcount;

/**
 * The {@code eventName} of a DynamoDB stream record.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html">Streams Record</a>
 */
public enum ChangeType {
    INSERT, MODIFY, REMOVE;

    /** @throws MalformedNoteException for anything DynamoDB Streams does not send */
    public static ChangeType of(String eventName) {
        if (eventName != null) {
            for (ChangeType type : values()) {
                if (type.name().equals(eventName)) {
                    return type;
                }
            }
        }
        throw new MalformedNoteException("unknown eventName '" + eventName + "', expected INSERT, MODIFY or REMOVE");
    }
}
