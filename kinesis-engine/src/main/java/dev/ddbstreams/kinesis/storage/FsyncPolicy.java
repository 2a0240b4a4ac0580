package dev.ddbstreams.kinesis.storage;

/**
 * When the event log forces its writes to the storage device.
 *
 * <ul>
 *   <li>{@link #NEVER} (default): each event is written to the operating system before the request is answered.
 *       It survives a crash or SIGKILL of the JVM (the OS still holds it), not a power cut or kernel crash.</li>
 *   <li>{@link #EVERY_WRITE}: each write is also forced to the device ({@code FileChannel.force}) before the answer;
 *       slower, and survives a power cut too.</li>
 * </ul>
 */
public enum FsyncPolicy {
    NEVER, EVERY_WRITE
}
