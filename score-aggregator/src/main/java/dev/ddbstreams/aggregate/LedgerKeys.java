package dev.ddbstreams.aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ledger keys: {@code <source>#<source key>} (e.g. {@code GameScoreRecords#2}), readable in the console.
 * A source key long enough to push the ledger key past DynamoDB's 2048-byte partition key limit is
 * replaced by its SHA-256: {@code <source>~<hex>}. The two forms cannot collide because a source name
 * (a table name) contains neither {@code #} nor {@code ~}.
 */
public final class LedgerKeys {

    private LedgerKeys() {
    }

    public static String of(String sourceName, String sourceKey) {
        String readable = sourceName + '#' + sourceKey;
        if (readable.getBytes(StandardCharsets.UTF_8).length <= ImageAttributes.MAX_KEY_BYTES) {
            return readable;
        }
        return sourceName + '~' + sha256(sourceKey);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
