package dev.ddbstreams.local.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void allowsABurst_thenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(2, 3, now::get);

        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire(), "burst used up");

        now.addAndGet(499_000_000L);
        assertFalse(bucket.tryAcquire(), "not quite one token after 0.499 s at 2/s");
        now.addAndGet(1_000_000L);
        assertTrue(bucket.tryAcquire(), "one token after 0.5 s at 2/s");
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(100, 2, now::get);

        now.addAndGet(60_000_000_000L);

        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void rejectsSettingsThatCannotThrottle() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, now::get));
    }
}
