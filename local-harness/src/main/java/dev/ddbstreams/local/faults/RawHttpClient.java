package dev.ddbstreams.local.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a plain socket, one request per connection ({@code Connection: close}): it
 * sends exactly the bytes a {@link FuzzRequest} describes (placeholders such as {@code {note}} in the target, the
 * header values and a body up to 1 MiB replaced by their values), which {@code java.net.http} would refuse to (odd
 * methods, raw bytes in targets, wrong framing), and reads whatever comes back.
 */
final class RawHttpClient {

    /** Bytes of a response body kept for checks. */
    private static final int KEPT_BODY = 64 * 1024;

    private final String host;
    private final int port;
    private final Duration timeout;

    RawHttpClient(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /**
     * A response, or the failure to get one.
     *
     * @param status  the final status (1xx interim responses skipped), -1 when there was no response
     * @param headers lower-cased names, last value wins
     * @param body    up to {@value #KEPT_BODY} bytes of the body
     * @param failure why there is no response, else {@code null}
     */
    record RawResponse(int status, Map<String, String> headers, byte[] body, Duration latency, String failure) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    RawResponse send(FuzzRequest request, Map<String, String> substitutions) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            String writeFailure = null;
            try {
                out.write(message(request, substitutions));
                out.flush();
                // A truncated body or a raw message that promises more than it sends would leave both sides waiting:
                // half-close, so that the server reads the end of the stream.
                if (request.framing() == FuzzRequest.Framing.TRUNCATED || request.raw() != null) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may answer and close before reading everything (e.g. 413): read its answer anyway.
                writeFailure = e.toString();
            }
            RawResponse response = read(new BufferedInputStream(socket.getInputStream()), request.method().equals("HEAD"),
                    started);
            if (response.status() < 0 && writeFailure != null) {
                return new RawResponse(-1, Map.of(), new byte[0], elapsed(started), writeFailure + "; " + response.failure());
            }
            return response;
        } catch (IOException e) {
            return new RawResponse(-1, Map.of(), new byte[0], elapsed(started), e.toString());
        }
    }

    private byte[] message(FuzzRequest request, Map<String, String> substitutions) {
        if (request.raw() != null) {
            return request.raw();
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream(request.body().length + 1024);
        String target = new String(request.target(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
            target = target.replace(substitution.getKey(), substitution.getValue());
        }
        message.writeBytes(request.method().getBytes(StandardCharsets.UTF_8));
        message.write(' ');
        message.writeBytes(target.getBytes(StandardCharsets.UTF_8));
        message.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        header(message, "Host", host + ":" + port);
        header(message, "Connection", "close");
        for (Map.Entry<String, String> header : request.headers()) {
            String value = header.getValue();
            for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
                value = value.replace(substitution.getKey(), substitution.getValue());
            }
            header(message, header.getKey(), value);
        }
        byte[] body = substitute(request.body(), substitutions);
        switch (request.framing()) {
            case CONTENT_LENGTH -> {
                if (body.length > 0) {
                    header(message, "Content-Length", Integer.toString(body.length));
                }
                message.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                message.writeBytes(body);
            }
            case CHUNKED -> {
                header(message, "Transfer-Encoding", "chunked");
                message.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                for (int offset = 0; offset < body.length; offset += 8192) {
                    int length = Math.min(8192, body.length - offset);
                    message.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    message.write(body, offset, length);
                    message.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                message.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            case TRUNCATED -> {
                header(message, "Content-Length", Integer.toString(body.length + 100));
                message.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                message.writeBytes(body);
            }
            case RAW -> {
                message.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                message.writeBytes(body);
            }
        }
        return message.toByteArray();
    }

    /** The body with the substitutions made, byte for byte elsewhere (ISO-8859-1 maps every byte to itself). */
    private static byte[] substitute(byte[] body, Map<String, String> substitutions) {
        if (body.length == 0 || body.length > 1024 * 1024 || substitutions.isEmpty()) {
            return body;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String replaced = text;
        for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
            replaced = replaced.replace(substitution.getKey(), substitution.getValue());
        }
        return replaced.equals(text) ? body : replaced.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void header(ByteArrayOutputStream message, String name, String value) {
        message.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        message.writeBytes(": ".getBytes(StandardCharsets.ISO_8859_1));
        message.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        message.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static RawResponse read(InputStream in, boolean head, long started) {
        try {
            while (true) {
                String statusLine = line(in);
                if (statusLine == null) {
                    return new RawResponse(-1, Map.of(), new byte[0], elapsed(started),
                            "connection closed without a response");
                }
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    return new RawResponse(-1, Map.of(), new byte[0], elapsed(started), "not an HTTP response: "
                            + FuzzRequest.escape(statusLine));
                }
                int status = Integer.parseInt(parts[1].trim());
                Map<String, String> headers = new LinkedHashMap<>();
                String line;
                while ((line = line(in)) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                    }
                }
                if (status >= 100 && status < 200) {
                    continue; // interim (100 Continue): the final answer follows
                }
                byte[] body = head || status == 204 || status == 304 ? new byte[0] : body(in, headers);
                return new RawResponse(status, headers, body, elapsed(started), null);
            }
        } catch (IOException | RuntimeException e) {
            return new RawResponse(-1, Map.of(), new byte[0], elapsed(started), e.toString());
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            long declared = Long.parseLong(length.trim());
            byte[] kept = in.readNBytes((int) Math.min(declared, KEPT_BODY));
            in.skipNBytes(Math.max(0, declared - kept.length));
            return kept;
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("chunked body cut short");
                }
                int chunk = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (chunk == 0) {
                    while (true) {
                        String trailer = line(in);
                        if (trailer == null || trailer.isEmpty()) {
                            return body.toByteArray();
                        }
                    }
                }
                byte[] data = in.readNBytes(chunk);
                if (body.size() < KEPT_BODY) {
                    body.write(data, 0, Math.min(data.length, KEPT_BODY - body.size()));
                }
                line(in);
            }
        }
        byte[] kept = in.readNBytes(KEPT_BODY);
        in.transferTo(OutputStream.nullOutputStream());
        return kept;
    }

    /** A line without its CRLF (or LF), ISO-8859-1; null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > 1024 * 1024) {
                throw new IOException("header line over 1 MB");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
