package dev.ddbstreams.wordcount;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends {@code {"noteId": "..."}} to the {@code word-count} queue, one message per note change. A message
 * sent twice (the stream batch was retried) is harmless: the queue handler writes nothing for a note
 * that is already counted.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html">SendMessage</a>
 */
public final class SqsWordCountQueue implements WordCountQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsWordCountQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(NoteMessage message) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.toJson()));
    }
}
