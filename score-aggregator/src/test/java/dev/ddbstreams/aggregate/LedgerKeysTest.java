package dev.ddbstreams.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LedgerKeysTest {

    @Test
    void of_isReadable_forOrdinaryKeys() {
        assertEquals("GameScoreRecords#2", LedgerKeys.of("GameScoreRecords", "2"));
        assertEquals("StoreOrders#a#b", LedgerKeys.of("StoreOrders", "a#b"));
    }

    @Test
    void of_hashesKeysThatWouldExceedThePartitionKeyLimit_withoutColliding() {
        String longId = "é".repeat(1_020); // 2040 bytes: a valid source key, too long with the prefix
        String key = LedgerKeys.of("StoreOrders", longId);

        assertTrue(key.startsWith("StoreOrders~"), key);
        assertTrue(key.getBytes(StandardCharsets.UTF_8).length <= 2048);
        assertNotEquals(key, LedgerKeys.of("StoreOrders", longId + "x"));
        assertNotEquals(key, LedgerKeys.of("StoreOrders", key.substring("StoreOrders~".length())));
    }
}
