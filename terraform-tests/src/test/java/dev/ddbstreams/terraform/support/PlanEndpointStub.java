package dev.ddbstreams.terraform.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The two AWS calls {@code terraform plan} makes for this configuration, answered on loopback: the provider asks
 * STS who it is ({@code GetCallerIdentity}, for the account id that goes into the ARNs it builds), and checks the
 * account's Kinesis shard limit ({@code DescribeLimits}) while planning a stream. Without an answer it retries with
 * back-off for about 20 s. Everything else is refused, so a plan that unexpectedly needs AWS fails instead of
 * passing.
 *
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html">GetCallerIdentity</a>
 */
public final class PlanEndpointStub implements AutoCloseable {

    private final HttpServer server;

    private PlanEndpointStub(HttpServer server) {
        this.server = server;
    }

    public static PlanEndpointStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (request.contains("Action=GetCallerIdentity")) {
                    byte[] identity = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                            + "<GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId>"
                            + "<Account>000000000000</Account></GetCallerIdentityResult>"
                            + "<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>"
                            + "</GetCallerIdentityResponse>").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/xml");
                    exchange.sendResponseHeaders(200, identity.length);
                    exchange.getResponseBody().write(identity);
                    exchange.close();
                    return;
                }
                boolean describeLimits = target.endsWith(".DescribeLimits");
                byte[] body = (describeLimits
                        ? "{\"ShardLimit\":500,\"OpenShardCount\":0,\"OnDemandStreamCount\":0,\"OnDemandStreamCountLimit\":50}"
                        : "{\"__type\":\"UnknownOperationException\",\"message\":\"not stubbed: " + target + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(describeLimits ? 200 : 400, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new PlanEndpointStub(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the plan endpoint stub", e);
        }
    }

    /** @return the endpoint URL to pass as localstack_endpoint */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
