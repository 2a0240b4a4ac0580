package dev.ddbstreams.local.mapping;

/**
 * Told about every batch a mapping invokes (and every batch it gives up on). Called on the polling thread:
 * keep it quick and do not throw (an exception is logged and ignored).
 */
@FunctionalInterface
public interface BatchListener {

    void onBatch(BatchReport report);
}
