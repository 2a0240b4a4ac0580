package dev.ddbstreams.local.http;

/** Told about every request the HTTP API served, once its response was sent. */
@FunctionalInterface
public interface HttpRequestListener {

    /** Called on the request's thread; must not throw (what it throws is ignored). */
    void onRequest(HttpRequestLog request);
}
