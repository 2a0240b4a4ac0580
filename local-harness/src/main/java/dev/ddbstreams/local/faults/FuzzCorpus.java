package dev.ddbstreams.local.faults;

import dev.ddbstreams.local.faults.FuzzRequest.Expect;
import dev.ddbstreams.local.faults.FuzzRequest.Framing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Generates the HTTP fuzzer's requests from a seed: malformed and hostile input against every route of the
 * notes and users API, in nine categories. Same seed, same requests. Sizes are bounded: at most three bodies
 * over the API's 10 MB limit, a few over Lambda's 6 MB event limit, the rest at most a few MB.
 */
public final class FuzzCorpus {

    /** The categories and their share of the requests. */
    static final Map<String, Double> CATEGORIES = categories();

    private static final String[] COLLECTIONS = {"/notes", "/users"};
    private static final String[] ITEMS = {"/notes/{note}", "/users/{user}"};
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
        "CONNECT", "get", "Post", "pUT", "FOO", "PROPFIND", "MKCOL", "LOCK", "M-SEARCH", "BREW", "QUERY"};
    private static final String[] CONTENT_TYPES = {"text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz", "application/json; charset=latin1", "application/json; charset=utf-16",
        "application/json;charset=\"UTF-8\"", "APPLICATION/JSON", "application/merge-patch+json",
        "application/vnd.api+json", "application/jsonp", "application/json+x", "", ";", "application/", "*/*",
        "application/json; charset=utf-8; charset=latin1", "application/json; boundary=\u00e9", "text/json",
        "application/xml", "application/octet-stream", "image/png", "application/json; q=0.5", " application/json "};
    /** Strings with Unicode that is valid, and may be stored as sent. */
    private static final String[] UNICODE_VALID = {"\u202Eevil\u202C", "\u200F\u05E9\u05DC\u05D5\u05DD", "👩‍👩‍👧‍👦",
        "🏳️‍🌈", "e\u0301\u0302\u0303", "\uFEFFbom", "z\u200Bz", "\uFFFF", "\uFFFE",
        "\uDBFF\uDFFF", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "日本語のテキスト", "\u2028line\u2029para", "مرحبا بالعالم", "Z̴̡̛̟͎̫͔͓̪̈́͌̀a̸l̷g̶o̵"};

    private FuzzCorpus() {
    }

    private static Map<String, Double> categories() {
        Map<String, Double> categories = new LinkedHashMap<>();
        categories.put("invalid-json", 0.15);
        categories.put("deep-nesting", 0.06);
        categories.put("huge-bodies", 0.03);
        categories.put("wrong-types", 0.15);
        categories.put("unicode", 0.17);
        categories.put("odd-paths", 0.16);
        categories.put("methods", 0.12);
        categories.put("headers", 0.11);
        categories.put("protocol", 0.05);
        return Collections.unmodifiableMap(categories);
    }

    /** {@code count} requests (every category gets its share), in a seeded random order. */
    public static List<FuzzRequest> generate(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FuzzRequest> requests = new ArrayList<>();
        int assigned = 0;
        List<String> names = List.copyOf(CATEGORIES.keySet());
        for (int i = 0; i < names.size(); i++) {
            String category = names.get(i);
            int share = i == names.size() - 1 ? count - assigned : (int) Math.round(count * CATEGORIES.get(category));
            assigned += share;
            SplittableRandom own = random.split();
            Function<SplittableRandom, FuzzRequest> generator = generator(category, count);
            for (int n = 0; n < share; n++) {
                requests.add(generator.apply(own));
            }
        }
        Collections.shuffle(requests, new Random(random.nextLong()));
        return List.copyOf(requests);
    }

    private static Function<SplittableRandom, FuzzRequest> generator(String category, int count) {
        return switch (category) {
            case "invalid-json" -> FuzzCorpus::invalidJson;
            case "deep-nesting" -> FuzzCorpus::deepNesting;
            case "huge-bodies" -> new HugeBodies(count)::next;
            case "wrong-types" -> FuzzCorpus::wrongTypes;
            case "unicode" -> FuzzCorpus::unicode;
            case "odd-paths" -> FuzzCorpus::oddPaths;
            case "methods" -> FuzzCorpus::methods;
            case "headers" -> FuzzCorpus::headers;
            case "protocol" -> FuzzCorpus::protocol;
            default -> throw new IllegalArgumentException(category);
        };
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Map.Entry<String, String>> json() {
        return List.of(Map.entry("Content-Type", "application/json"));
    }

    private static FuzzRequest request(String category, String label, String method, String target, byte[] body,
            Expect expect) {
        return new FuzzRequest(category, label, method, utf8(target), json(), body, Framing.CONTENT_LENGTH, expect, null);
    }

    /** A write route: create a note or user, or update a note. */
    private static String[] writeRoute(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> new String[] {"POST", "/notes"};
            case 1 -> new String[] {"PUT", "/notes/{note}"};
            default -> new String[] {"POST", "/users"};
        };
    }

    private static String validBody(String target) {
        return target.startsWith("/users") ? "{\"email\":\"fuzz@example.com\"}" : "{\"title\":\"t\",\"content\":\"c d\"}";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    private static String field(String target) {
        return target.startsWith("/users") ? "email" : "title";
    }

    // ---- categories -------------------------------------------------------------------------------------

    private static FuzzRequest invalidJson(SplittableRandom random) {
        String[] route = writeRoute(random);
        String valid = validBody(route[1]);
        String f = field(route[1]);
        String[] bodies = {
            valid.substring(0, 1 + random.nextInt(valid.length() - 1)),
            "{\"" + f + "\": \"a\", }", "{'" + f + "': 'a'}", "{\"" + f + "\": \"a\" /* comment */}",
            "// comment\n" + valid, "{\"" + f + "\": NaN}", "{\"" + f + "\": Infinity}", "{\"" + f + "\": -}",
            "{\"" + f + "\": 01}", "{\"" + f + "\": 1e999999}", "{\"" + f + "\": .5}",
            "{\"" + f + "\":\"a\",\"" + f + "\":\"\"}", valid + " x", valid + valid, "{} []", "",
            "   \n\t  ", "\uFEFF", "{\"" + f + "\": \"a\tb\"}", "{\"" + f + "\": \"a\nb\"}", "{\"" + f + "\": \"a\u0001\"}",
            "{\"" + f + "\": \"unterminated}", "{\"" + f + "\": \"a\"b\"}", "{\"" + f + "\": \"\\x41\"}",
            "{\"" + f + "\": \"\\u12\"}", "{\"" + f + "\": \"\\uZZZZ\"}", "{" + f + ": \"a\"}", "[]", "\"string\"",
            "123", "null", "true", "{\"" + f + "\": " + "9".repeat(70) + "}", "{\"" + "k".repeat(300) + "\": 1}",
            "<note><title>x</title></note>", f + "=a&content=b", "{\"" + f + "\": \"a\"", "{{}}", "{\"a\"}",
            "{\"" + f + "\" \"a\"}", "{,}", "{\"" + f + "\": [}", "\u0000", "{\"" + f + "\": \"a\"}\u0000",
            "{\"" + f + "\": undefined}", "{\"" + f + "\": 'single'}", "{\"" + f + "\": \"\\ud800\\\"}",
        };
        String body = pick(random, bodies);
        // The whitespace-only and empty bodies are MissingBody, the rest MalformedJson or another 4xx.
        return request("invalid-json", "body " + FuzzRequest.escape(abbreviate(body)), route[0], route[1], utf8(body),
                Expect.CLIENT_ERROR);
    }

    private static FuzzRequest deepNesting(SplittableRandom random) {
        String[] route = writeRoute(random);
        int depth = pick(random, new Integer[] {33, 40, 64, 100, 1_000, 10_000, 100_000});
        String f = field(route[1]);
        String body = switch (random.nextInt(5)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case 2 -> "{\"" + f + "\":" + "[".repeat(depth) + "\"x\"" + "]".repeat(depth) + "}";
            case 3 -> "[".repeat(depth);
            default -> "{\"" + f + "\":\"t\",\"x\":" + "{\"a\":[".repeat(depth / 2) + "]}".repeat(depth / 2) + "}";
        };
        return request("deep-nesting", "depth " + depth, route[0], route[1], utf8(body), Expect.CLIENT_ERROR);
    }

    /** Bodies from just over the field limits to over the API's 10 MB; the largest ones a bounded few. */
    private static final class HugeBodies {
        private int overApiLimit;
        private int overEventLimit;
        private int overFunctionLimit;

        HugeBodies(int count) {
            overApiLimit = 3;
            overEventLimit = 3;
            overFunctionLimit = Math.max(4, count / 200);
        }

        FuzzRequest next(SplittableRandom random) {
            if (overApiLimit > 0) {
                overApiLimit--;
                int size = 10 * 1024 * 1024 + 1 + random.nextInt(2 * 1024 * 1024);
                return huge("over the 10 MB API limit", "POST", "/notes", size, random);
            }
            if (overEventLimit > 0) {
                overEventLimit--;
                int size = 6 * 1024 * 1024 + random.nextInt(3 * 1024 * 1024);
                return huge("over Lambda's 6 MB event limit", random.nextBoolean() ? "POST" : "PUT",
                        random.nextBoolean() ? "/notes" : "/notes/{note}", size, random);
            }
            if (overFunctionLimit > 0) {
                overFunctionLimit--;
                int size = 1024 * 1024 + 1 + random.nextInt(512 * 1024);
                return huge("over the API's 1 MiB body limit", "POST", random.nextBoolean() ? "/notes" : "/users", size,
                        random);
            }
            return switch (random.nextInt(8)) {
                case 0 -> text("content 1 byte over 405,504", "content", "a".repeat(405_505), "/notes");
                case 1 -> text("content over 400 KB in 3-byte characters", "content", "日".repeat(135_169), "/notes");
                case 2 -> text("title 1,025 bytes", "title", "t".repeat(1_025), "/notes");
                case 3 -> text("email of 1 KB", "email", "a".repeat(1_000) + "@example.com", "/users");
                case 4 -> {
                    StringBuilder members = new StringBuilder("{\"title\":\"t\",\"content\":\"c\"");
                    for (int i = 0; i < 40_000; i++) {
                        members.append(",\"m").append(i).append("\":1");
                    }
                    yield request("huge-bodies", "40,000 members", "POST", "/notes", utf8(members.append('}').toString()),
                            Expect.CLIENT_ERROR);
                }
                case 5 -> request("huge-bodies", "array of 200,000 numbers in a field", "POST", "/notes",
                        utf8("{\"title\":[" + "1,".repeat(199_999) + "1],\"content\":\"c\"}"), Expect.CLIENT_ERROR);
                case 6 -> text("content over 400 KB of emoji", "content", "😀".repeat(101_377), "/notes");
                default -> text("title over 400 KB", "title", "x".repeat(409_600), "/notes");
            };
        }

        private static FuzzRequest huge(String label, String method, String target, int size, SplittableRandom random) {
            byte[] body = new byte[size];
            byte[] head = utf8("{\"title\":\"t\",\"content\":\"");
            System.arraycopy(head, 0, body, 0, head.length);
            Arrays.fill(body, head.length, size - 2, (byte) ('a' + random.nextInt(26)));
            body[size - 2] = '"';
            body[size - 1] = '}';
            return new FuzzRequest("huge-bodies", label + " (" + size + " bytes)", method, utf8(target), json(), body,
                    Framing.CONTENT_LENGTH, Expect.CLIENT_ERROR, null);
        }

        private static FuzzRequest text(String label, String field, String value, String target) {
            String body = target.startsWith("/users") ? "{\"email\":" + quote(value) + "}"
                    : field.equals("title") ? "{\"title\":" + quote(value) + ",\"content\":\"c\"}"
                    : "{\"title\":\"t\",\"content\":" + quote(value) + "}";
            return request("huge-bodies", label, "POST", target, utf8(body), Expect.CLIENT_ERROR);
        }
    }

    private static FuzzRequest wrongTypes(SplittableRandom random) {
        String[] wrongValues = {"1", "-1.5", "true", "false", "null", "[]", "[\"a\"]", "{}", "{\"a\":\"b\"}", "\"\"",
            "\"   \"", "\"\\u3000\\u00a0\"", "1e400", "0", "\"\\u0000\"", "\"\\t\""};
        int shape = random.nextInt(4);
        if (shape == 0) {
            // A note with one wrong member.
            String wrong = pick(random, wrongValues);
            boolean title = random.nextBoolean();
            String body = title ? "{\"title\":" + wrong + ",\"content\":\"c\"}" : "{\"title\":\"t\",\"content\":" + wrong + "}";
            boolean put = random.nextBoolean();
            return request("wrong-types", (title ? "title " : "content ") + wrong, put ? "PUT" : "POST",
                    put ? "/notes/{note}" : "/notes", utf8(body), Expect.CLIENT_ERROR);
        }
        if (shape == 1) {
            String[] bodies = {"{}", "{\"title\":\"a\"}", "{\"content\":\"b\"}", "{\"title\":\"a\",\"content\":\"b\",\"id\":\"x\"}",
                "{\"title\":\"a\",\"content\":\"b\",\"wordCount\":3}", "{\"title\":\"a\",\"content\":\"b\",\"createdAt\":\"2020\"}",
                "{\"Title\":\"a\",\"content\":\"b\"}", "{\"title\":\"a\",\"content\":\"b\",\"__proto__\":{\"x\":1}}",
                "{\"title\":\"a\",\"content\":\"b\",\"constructor\":{}}", "{\"titl\":\"a\",\"content\":\"b\"}",
                "{\"title\":\"a\",\"content\":\"b\",\"\":1}", "{\"title \":\"a\",\"content\":\"b\"}"};
            boolean put = random.nextBoolean();
            String body = pick(random, bodies);
            if (put && (body.equals("{\"title\":\"a\"}") || body.equals("{\"content\":\"b\"}"))) {
                body = "{}"; // an update with one field is valid; keep the update invalid
            }
            return request("wrong-types", "members " + body, put ? "PUT" : "POST", put ? "/notes/{note}" : "/notes",
                    utf8(body), Expect.CLIENT_ERROR);
        }
        if (shape == 2) {
            String[] emails = {"1", "null", "true", "[\"a@b.co\"]", "{\"a\":1}", "\"not-an-email\"", "\"a@b\"",
                "\"a@-b.com\"", "\"\\\"q\\\"@x.com\"", "\"a@[1.2.3.4]\"", "\"\u00fc@x.com\"", "\"a@b.123\"",
                "\"a..b@x.com\"", "\".a@x.com\"", "\"a@x..com\"", "\"a b@x.com\"", "\"a@x.com \"", "\"@x.com\"", "\"a@\"",
                "\"a@\u00fc.com\"", "\"" + "a".repeat(65) + "@x.com\"", "\"a@" + "b".repeat(64) + ".com\"", "\"\""};
            String email = pick(random, emails);
            String body = random.nextInt(6) == 0 ? "{\"email\":\"a@b.co\",\"id\":\"x\"}" : "{\"email\":" + email + "}";
            return request("wrong-types", "user " + body, "POST", "/users", utf8(body), Expect.CLIENT_ERROR);
        }
        // The query string of the listing.
        String[] queries = {"limit=0", "limit=101", "limit=-1", "limit=1.5", "limit=1e2", "limit=abc", "limit=",
            "limit=1&limit=2", "nextToken=", "nextToken=garbage", "nextToken=eyJ2IjoxLCJpZCI6MX0",
            "nextToken=" + Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("{\"v\":2,\"id\":\"x\"}")),
            "nextToken=" + Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("{\"v\":1,\"id\":\"" + "x".repeat(3000) + "\"}")),
            "nextToken=" + Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("[1,2]")), "x=1", "limit",
            "limit=99999999999999999999", "limit=%31%30%30%30", "limit=0x10", "LIMIT=5", "limit=5&x"};
        String query = pick(random, queries);
        return request("wrong-types", "query " + query, "GET", "/notes?" + query, null, Expect.CLIENT_ERROR);
    }

    private static FuzzRequest unicode(SplittableRandom random) {
        String[] route = writeRoute(random);
        String f = field(route[1]);
        int shape = random.nextInt(6);
        if (shape == 0) {
            // Unpaired surrogates, escaped: valid JSON, but no UTF-8 form.
            String[] escapes = {"\\ud800", "\\udc00", "\\udc00\\ud800", "a\\ud83d", "\\ud83dx\\ude00", "\\udbff"};
            String body = route[1].startsWith("/users") ? "{\"email\":\"a" + pick(random, escapes) + "@x.com\"}"
                    : "{\"title\":\"t" + pick(random, escapes) + "\",\"content\":\"c\"}";
            return request("unicode", "lone surrogate " + body, route[0], route[1], utf8(body), Expect.CLIENT_ERROR);
        }
        if (shape == 1) {
            // Bytes that are not UTF-8: overlong forms, encoded surrogates, beyond U+10FFFF, stray continuation bytes.
            byte[][] invalid = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0x80}, {(byte) 0xE6, (byte) 0x97}, {(byte) 0xC1, (byte) 0xBF},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
            byte[] bad = pick(random, invalid);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(utf8("{\"" + f + "\":\"x"));
            body.writeBytes(bad);
            body.writeBytes(utf8(f.equals("title") ? "y\",\"content\":\"c\"}" : "@x.com\"}"));
            // Bytes that are not UTF-8 are a binary payload for API Gateway, whatever the Content-Type says: the body
            // reaches the function base64-encoded, and the notes and users APIs refuse it with 400 InvalidUtf8.
            boolean typed = random.nextBoolean();
            return new FuzzRequest("unicode", "invalid UTF-8 " + Arrays.toString(bad) + (typed ? " as JSON" : " untyped"),
                    route[0], utf8(route[1]), typed ? json() : List.of(), body.toByteArray(), Framing.CONTENT_LENGTH,
                    Expect.CLIENT_ERROR, null);
        }
        if (shape == 2) {
            // NUL and other controls, escaped and raw.
            String[] values = {"\\u0000", "a\\u0000b", "\\u0085", "\\u001b[31m", "\\r", "\\u007f", "\\u009b"};
            String value = pick(random, values);
            String body = route[1].startsWith("/users") ? "{\"email\":\"a" + value + "@x.com\"}"
                    : "{\"title\":\"" + value + "\",\"content\":\"c\"}";
            return request("unicode", "control " + value, route[0], route[1], utf8(body), Expect.CLIENT_ERROR);
        }
        if (shape == 3) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(utf8("{\"title\":\"a"));
            body.write(0);
            body.writeBytes(utf8("b\",\"content\":\"c\"}"));
            return new FuzzRequest("unicode", "raw NUL byte in a string", "POST", utf8("/notes"), json(),
                    body.toByteArray(), Framing.CONTENT_LENGTH, Expect.CLIENT_ERROR, null);
        }
        if (shape == 4) {
            // Valid Unicode: stored as sent, or refused with a 4xx; never a 5xx.
            String value = pick(random, UNICODE_VALID);
            String body = random.nextBoolean() ? "{\"title\":" + quote(value) + ",\"content\":" + quote(value + " " + value) + "}"
                    : "{\"title\":\"t\",\"content\":" + quote(value) + "}";
            boolean put = random.nextBoolean();
            return request("unicode", "valid " + FuzzRequest.escape(value), put ? "PUT" : "POST",
                    put ? "/notes/{note}" : "/notes", utf8(body), Expect.ANY);
        }
        // Unicode in the path and the query: raw UTF-8 bytes and percent-encoded forms.
        String[] targets = {"/notes/\u00e9", "/notes/%C3%A9", "/notes/%ED%A0%80", "/notes/%00", "/notes/%FF",
            "/notes/\u202Eevil", "/users/\uD83D\uDE00", "/notes/%E2%80%AE", "/notes?limit=\u0661", "/notes?nextToken=\u00e9",
            "/notes/\uFEFF", "/users/%F0%9F%98%80", "/notes/a\u200Bb", "/n\u00f6tes"};
        String target = pick(random, targets);
        return new FuzzRequest("unicode", "target " + FuzzRequest.escape(target), random.nextBoolean() ? "GET" : "DELETE",
                utf8(target),
                json(), null, Framing.CONTENT_LENGTH, Expect.CLIENT_ERROR, null);
    }

    private static FuzzRequest oddPaths(SplittableRandom random) {
        String[] targets = {"/notes/../users/{user}", "/notes/%2e%2e/users", "/notes/..%2f..%2fetc%2fpasswd",
            "/notes/%2F", "/notes/a%2Fb", "/notes/..", "/notes/.", "/notes/%2e", "/notes/a/b", "/notes/{note}/extra",
            "/users/{user}/x/y", "/notes/a;b", "/notes;jsessionid=1", "/notes/", "/notes//", "/notes//x", "/NOTES",
            "/Notes/x", "/notesx", "/note", "/", "/_local", "/_local/", "/_local/status/x", "/_local/../notes",
            "/notes/%20", "/notes/x#frag", "/notes?#", "/notes/" + "a".repeat(65), "/notes/" + "a".repeat(1_000),
            "/notes/" + "b".repeat(64), "/users/" + "c".repeat(8_000), "/notes/-", "/notes/_", "/notes/0",
            "/notes/%25", "/notes/%252e%252e", "/notes/%u002e", "/users/..%5c..%5c", "/notes/~root",
            "/notes/${jndi:ldap:x}", "/notes/' OR '1'='1", "/notes/<script>", "/users/*", "/notes/a%00b",
            "/notes/CON", "/notes/.env", "/.git/config", "/notes/?", "/users?email=x", "/notes/{note}?limit=5",
            "/notes?limit=5&nextToken=%ZZ", "/users/{user}?x=%"};
        String target = pick(random, targets);
        String method = pick(random, new String[] {"GET", "GET", "PUT", "DELETE", "HEAD"});
        byte[] body = method.equals("PUT") ? utf8("{\"title\":\"t\"}") : null;
        String label = target.length() > 40 ? target.substring(0, 40) + "...(" + target.length() + " chars)" : target;
        return new FuzzRequest("odd-paths", label, method, utf8(target), json(), body, Framing.CONTENT_LENGTH,
                Expect.ANY, null);
    }

    private static FuzzRequest methods(SplittableRandom random) {
        String[] targets = {"/notes", "/notes/{note}", "/users", "/users/{user}", "/notes/x-y_z", "/users/none",
            "/_local/status", "/_local/health", "/unknown"};
        String method = random.nextInt(20) == 0 ? "X".repeat(1 + random.nextInt(2_000)) : pick(random, METHODS);
        String target = pick(random, targets);
        byte[] body = random.nextBoolean() ? utf8(validBody(target)) : null;
        return new FuzzRequest("methods", method.length() > 20 ? "long method" : method, method, utf8(target), json(),
                body, Framing.CONTENT_LENGTH, Expect.ANY, null);
    }

    private static FuzzRequest headers(SplittableRandom random) {
        String[] route = writeRoute(random);
        byte[] body = utf8(validBody(route[1]));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String label;
        Framing framing = Framing.CONTENT_LENGTH;
        Expect expect = Expect.ANY;
        switch (random.nextInt(9)) {
            case 0 -> {
                String type = pick(random, CONTENT_TYPES);
                headers.add(Map.entry("Content-Type", type));
                label = "Content-Type " + type;
            }
            case 1 -> {
                headers.add(Map.entry("Content-Type", "application/json"));
                headers.add(Map.entry("Content-Type", "text/plain"));
                label = "two Content-Types";
            }
            case 2 -> {
                headers.add(Map.entry("Content-Type", "application/json"));
                headers.add(Map.entry("Content-Encoding", pick(random, new String[] {"gzip", "br", "deflate", "x"})));
                label = "Content-Encoding without encoding";
            }
            case 3 -> {
                headers.add(Map.entry("Content-Type", "application/json"));
                headers.add(Map.entry("X-Big", "v".repeat(1_000 + random.nextInt(7_000))));
                label = "large header value";
            }
            case 4 -> {
                headers.add(Map.entry("Content-Type", "application/json"));
                for (int i = 0; i < 100; i++) {
                    headers.add(Map.entry("X-H" + i, "v" + i));
                }
                label = "100 headers";
            }
            case 5 -> {
                headers.add(Map.entry("Content-Type", "application/json"));
                headers.add(Map.entry(pick(random, new String[] {"X-!#$%&'*+-.^_`|~", "Cookie", "Authorization",
                    "X-Forwarded-For", "X-Amzn-Trace-Id", "Origin", "Range", "If-None-Match", "Accept", "Forwarded",
                    "X-Amz-Security-Token", "Via", "TE"}), pick(random, new String[] {"junk", "Bearer \u00e9\u202e",
                    "1.2.3.4, ::1, <script>", "Root=garbage", "bytes=0-1", "*", "application/xml", "for=\"_x\"",
                    "a".repeat(4_000), "a\tb", "trailers", "=;=;"})));
                label = "odd header";
            }
            case 6 -> {
                headers.add(Map.entry("Content-Type", "application/json"));
                framing = Framing.CHUNKED;
                label = "chunked body";
            }
            case 7 -> {
                headers.add(Map.entry("Content-Type", "application/json"));
                headers.add(Map.entry("Expect", "100-continue"));
                label = "Expect: 100-continue";
            }
            default -> {
                label = "no Content-Type";
                if (random.nextBoolean()) {
                    body = utf8("title=a&content=b");
                    headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
                    label = "form body";
                    expect = Expect.CLIENT_ERROR;
                }
            }
        }
        return new FuzzRequest("headers", label, route[0], utf8(route[1]), headers, body, framing, expect, null);
    }

    /** Requests that break HTTP/1.1's own syntax; the HTTP server may refuse them before the API sees them. */
    private static FuzzRequest protocol(SplittableRandom random) {
        String valid = "{\"title\":\"t\",\"content\":\"c\"}";
        String head = "POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n";
        String[][] messages = {
            {"invalid chunk size", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"},
            {"chunk longer than sent", head + "Transfer-Encoding: chunked\r\n\r\nff\r\n{}\r\n0\r\n\r\n"},
            {"chunk extension", head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(valid.length())
                + ";ext=\"x\"\r\n" + valid + "\r\n0\r\n\r\n"},
            {"negative Content-Length", head + "Content-Length: -5\r\n\r\n{}"},
            {"non-numeric Content-Length", head + "Content-Length: abc\r\n\r\n{}"},
            {"two different Content-Lengths", head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x"},
            {"Transfer-Encoding and Content-Length", head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
            {"header without colon", "GET /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nno-colon-here\r\nConnection: close\r\n\r\n"},
            {"space in a header name", "GET /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Name: x\r\nConnection: close\r\n\r\n"},
            {"NUL in the target", "GET /notes/\u0000 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"bad percent-encoding", "GET /notes/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"lone percent", "GET /notes/% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"backslash in the target", "GET /notes\\..\\users HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"absolute-form target", "GET http://evil.example/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"authority-form target", "CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"asterisk-form target", "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"leading double slash", "GET //notes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"HTTP/1.0 without Host", "GET /notes HTTP/1.0\r\n\r\n"},
            {"unknown version", "GET /notes HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"bare LF line ends", "GET /notes HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n"},
            {"obsolete line folding", "GET /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Folded: a\r\n b\r\nConnection: close\r\n\r\n"},
            {"request line of 100 KB", "GET /notes/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"not HTTP", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n"},
            {"unknown transfer coding", head + "Transfer-Encoding: gzip\r\n\r\n{}"},
            {"headers over API Gateway's 10,240 bytes", "GET /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: "
                + "v".repeat(10_300) + "\r\n\r\n"},
            {"escapes that are not UTF-8", "GET /notes/%C0%AF HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"malformed escape in the query", "GET /notes?limit=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"lower-case method", "get /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"PRI (HTTP/2 preface) over HTTP/1.1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
        };
        if (random.nextInt(6) == 0) {
            // Fewer body bytes than announced, then the client stops sending.
            byte[] body = utf8(valid.substring(0, 5));
            return new FuzzRequest("protocol", "truncated body (half-close)", "POST", utf8("/notes"), json(), body,
                    Framing.TRUNCATED, Expect.ANY, null);
        }
        String[] message = pick(random, messages);
        byte[] raw = message[1].getBytes(StandardCharsets.ISO_8859_1);
        return new FuzzRequest("protocol", message[0], message[1].substring(0, message[1].indexOf(' ') < 0 ? 0
                : message[1].indexOf(' ')), utf8("(raw)"), List.of(), null, Framing.RAW, Expect.ANY, raw);
    }

    private static String abbreviate(String text) {
        return text.length() > 50 ? text.substring(0, 50) + "..." : text;
    }
}
