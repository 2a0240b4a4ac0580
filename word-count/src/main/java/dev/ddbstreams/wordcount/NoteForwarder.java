package dev.ddbstreams.wordcount;

import dev.ddbstreams.lambda.StructuredLog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decouples counting from the stream: for each INSERT or MODIFY of a note that needs counting, sends the
 * note id to the {@code word-count} queue. The seed forwards INSERTs only (an edited note keeps its old
 * count) and {@code return}s at the first other record, dropping the rest of the batch.
 *
 * <p>The forwarder applies the same "already counted" test as the counter, so the count's own MODIFY
 * does not travel through the queue again. A record without a new image (a KEYS_ONLY stream) is
 * forwarded anyway: the queue handler reads the note and applies the test itself.
 */
public final class NoteForwarder {

    private final WordCountQueue queue;
    private final StructuredLog log;

    public NoteForwarder(WordCountQueue queue, StructuredLog log) {
        this.queue = queue;
        this.log = log;
    }

    /** @throws MalformedNoteException when the new image is not a note */
    public ForwardOutcome forward(NoteChange change) {
        ForwardOutcome outcome;
        if (change.type() == ChangeType.REMOVE) {
            outcome = ForwardOutcome.IGNORED_REMOVE;
        } else if (change.newImage().isPresent()
                && Note.fromItem(change.noteId(), change.newImage().get()).pendingUpdate().isEmpty()) {
            outcome = ForwardOutcome.ALREADY_COUNTED;
        } else {
            queue.send(new NoteMessage(change.noteId()));
            outcome = ForwardOutcome.SENT;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("noteId", change.noteId());
        fields.put("outcome", outcome.name());
        fields.put("sequenceNumber", change.sequenceNumber());
        log.info("note forwarded", fields);
        return outcome;
    }
}
