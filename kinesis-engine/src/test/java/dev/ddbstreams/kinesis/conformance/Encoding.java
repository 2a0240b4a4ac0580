package dev.ddbstreams.kinesis.conformance;

/** The two encodings every conformance test runs over: the SDK v2 default (CBOR) and CBOR disabled (JSON 1.1). */
enum Encoding {
    CBOR(true), JSON(false);

    final boolean cbor;

    Encoding(boolean cbor) {
        this.cbor = cbor;
    }
}
