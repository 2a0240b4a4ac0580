package dev.ddbstreams.dynamodb.storage;

import java.time.Duration;

/**
 * When the write-ahead log is forced to the disk. Every acknowledged write is in the operating system
 * before its response is sent, whatever the policy, so killing the process (even with SIGKILL) loses
 * nothing acknowledged; the policy decides what a power loss or kernel crash may lose.
 *
 * @param interval {@link Duration#ZERO}: fsync before every acknowledgement (concurrent writers share one
 *        fsync); a positive interval: a background fsync at most that often (a power loss may lose the
 *        last interval's writes); null: never fsync, leave it to the operating system.
 */
public record FsyncPolicy(Duration interval) {

    /** The default: group fsync every 100 ms. */
    public static final FsyncPolicy DEFAULT = new FsyncPolicy(Duration.ofMillis(100));
    public static final FsyncPolicy EVERY_WRITE = new FsyncPolicy(Duration.ZERO);
    public static final FsyncPolicy NEVER = new FsyncPolicy(null);

    public static FsyncPolicy every(Duration interval) {
        return new FsyncPolicy(interval);
    }

    boolean everyWrite() {
        return interval != null && interval.isZero();
    }

    boolean periodic() {
        return interval != null && !interval.isZero();
    }
}
