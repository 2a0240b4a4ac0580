package dev.ddbstreams.scores;

import dev.ddbstreams.aggregate.AggregateView;
import dev.ddbstreams.aggregate.Contribution;
import dev.ddbstreams.aggregate.ImageAttributes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GameScoresByUser} over {@code GameScoreRecords}: each record ({@code RecordID} N,
 * {@code Username} S, {@code Score} N, {@code Nickname} S) adds its {@code Score} and one to
 * {@code recordCount} of its user's row ({@code Username} S, {@code Score} N, {@code recordCount} N).
 * {@code Nickname} and any other attribute do not take part.
 */
public final class GameScoresView implements AggregateView {

    public static final String SOURCE = "GameScoreRecords";
    public static final String RECORD_ID = "RecordID";
    public static final String USERNAME = "Username";
    public static final String SCORE = "Score";
    /** Bookkeeping: how many records the user has, so a user without records can lose the row. */
    public static final String RECORD_COUNT = "recordCount";

    private static final String IMAGE = "NewImage";

    @Override
    public String sourceName() {
        return SOURCE;
    }

    @Override
    public String groupAttribute() {
        return USERNAME;
    }

    @Override
    public List<String> amountAttributes() {
        return List.of(SCORE, RECORD_COUNT);
    }

    @Override
    public String sourceKey(Map<String, AttributeValue> keys) {
        return ImageAttributes.canonicalNumber(ImageAttributes.number(keys, "Keys", RECORD_ID));
    }

    @Override
    public Contribution contributionOf(Map<String, AttributeValue> image) {
        String username = ImageAttributes.keyString(image, IMAGE, USERNAME);
        BigDecimal score = ImageAttributes.number(image, IMAGE, SCORE);
        return new Contribution(username, Map.of(SCORE, score, RECORD_COUNT, BigDecimal.ONE));
    }
}
