package dev.ddbstreams.local.faults;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The soak's writes, generated from a seed: mixed inserts, updates (score and quantity changes, users and
 * items moving to another group, edits of attributes the views ignore, resurrected keys) and deletes on
 * {@code GameScoreRecords} and {@code StoreOrders}, and notes to create, edit and delete through the HTTP API,
 * split into segments (the faults happen between segments). The same seed gives the same writes.
 *
 * <p>Poison records are inserts carrying {@code faultTag = "poison"} (game scores, store orders) or a title
 * starting with {@code poison-} (notes). Every poisoned item is written again cleanly in the last segment, so
 * the change the mapping gives up on is never an item's last one and the views can still converge: what the
 * soak then proves about a given-up record is that it reached the on-failure queue, not that its effect is
 * missing.
 */
public final class SoakWorkload {

    public static final String GAME_SCORES = "GameScoreRecords";
    public static final String STORE_ORDERS = "StoreOrders";
    public static final String POISON_ATTRIBUTE = "faultTag";
    public static final String POISON_VALUE = "poison";
    public static final String POISON_NOTE_PREFIX = "poison-";

    /** A write to a source table: a full-item put, or a delete when {@code item} is {@code null}. */
    public record TableWrite(String table, String key, Map<String, AttributeValue> keyAttributes,
            Map<String, AttributeValue> item) {

        public boolean isDelete() {
            return item == null;
        }
    }

    /** A notes API call; {@code note} is the index of the note in creation order. */
    public record NoteWrite(Kind kind, int note, String title, String content) {

        public enum Kind { CREATE, UPDATE_CONTENT, DELETE }
    }

    /** One segment's writes. */
    public record Segment(List<TableWrite> tableWrites, List<NoteWrite> noteWrites) {
    }

    private static final String[] ODD_USERS = {"zoë", "李雷", "🙂-fan", "O'Brien", "a b", "ÅNGSTRÖM", "x"};
    private static final String[] ODD_ITEMS = {"café crème", "日本茶", "🍕", "item/with/slash", "x", "Ωmega"};
    private static final String[] WORDS = {"lorem", "ipsum", "dolor", "sit", "amet", "naïve", "über", "日本語",
        "👍", "👩‍💻", "e\u0301", "a\u200Bb", "x\u2060y", "100%", "—", "\"quoted\"", "can't", "١٢٣", "Ωmega",
        "שלום", "\u200Frtl", "مرحبا", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "tab-free"};
    /** Every separator is Unicode White_Space; every one the notes API accepts in {@code content}. */
    private static final String[] SEPARATORS = {" ", " ", " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u1680",
        "\u2003", "\u2009", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000", " \t "};

    private final List<Segment> segments;
    private final int tableWrites;
    private final int noteWrites;

    private SoakWorkload(List<Segment> segments) {
        this.segments = List.copyOf(segments);
        this.tableWrites = segments.stream().mapToInt(segment -> segment.tableWrites().size()).sum();
        this.noteWrites = segments.stream().mapToInt(segment -> segment.noteWrites().size()).sum();
    }

    public List<Segment> segments() {
        return segments;
    }

    public int tableWrites() {
        return tableWrites;
    }

    public int noteWrites() {
        return noteWrites;
    }

    /**
     * @param tableWrites writes to the two tables in all (split evenly), poison writes and their clean-ups included
     * @param notes       notes to create (edits and deletes come on top)
     * @param poison      poisoned inserts per table (and poisoned notes)
     */
    public static SoakWorkload generate(int tableWrites, int notes, int segments, int users, int items, int poison,
            long seed) {
        if (segments < 1 || tableWrites < 0 || notes < 0 || users < 1 || items < 1 || poison < 0) {
            throw new IllegalArgumentException("invalid workload size");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<TableWrite>> tables = new ArrayList<>();
        List<List<NoteWrite>> notesPerSegment = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            tables.add(new ArrayList<>());
            notesPerSegment.add(new ArrayList<>());
        }
        GameScores gameScores = new GameScores(users);
        StoreOrders storeOrders = new StoreOrders(items);
        for (int p = 0; p < poison; p++) {
            tables.get(0).add(gameScores.poison(random, p));
            tables.get(segments - 1).add(gameScores.cleanUp(random, p));
            tables.get(0).add(storeOrders.poison(random, p));
            tables.get(segments - 1).add(storeOrders.cleanUp(random, p));
        }
        int random_ = Math.max(0, tableWrites - 4 * poison);
        for (int i = 0; i < random_; i++) {
            int segment = (int) ((long) i * segments / Math.max(1, random_));
            tables.get(segment).add(i % 2 == 0 ? gameScores.next(random) : storeOrders.next(random));
        }
        generateNotes(notes, poison, segments, random, notesPerSegment);
        List<Segment> result = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            result.add(new Segment(List.copyOf(tables.get(i)), List.copyOf(notesPerSegment.get(i))));
        }
        return new SoakWorkload(result);
    }

    private static void generateNotes(int notes, int poison, int segments, SplittableRandom random,
            List<List<NoteWrite>> perSegment) {
        List<Integer> editable = new ArrayList<>();
        int created = 0;
        for (int segment = 0; segment < segments; segment++) {
            List<NoteWrite> writes = perSegment.get(segment);
            int target = (int) ((long) notes * (segment + 1) / segments);
            List<Integer> editableBefore = List.copyOf(editable);
            while (created < target) {
                int index = created++;
                boolean poisoned = index < poison;
                String title = (poisoned ? POISON_NOTE_PREFIX : "note ") + index + " " + word(random);
                writes.add(new NoteWrite(NoteWrite.Kind.CREATE, index, title, content(random)));
                if (!poisoned) {
                    editable.add(index);
                }
            }
            // Edits and deletes touch only notes created in earlier segments (their ids are known by then).
            for (Integer index : editableBefore) {
                double draw = random.nextDouble();
                if (draw < 0.10) {
                    writes.add(new NoteWrite(NoteWrite.Kind.UPDATE_CONTENT, index, null, content(random)));
                } else if (draw < 0.13 && editable.remove(index)) {
                    writes.add(new NoteWrite(NoteWrite.Kind.DELETE, index, null, null));
                }
            }
        }
    }

    static String content(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(5) == 0) {
            text.append(separator(random));
        }
        int words = 1 + random.nextInt(60);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(separator(random));
            }
            text.append(word(random));
        }
        if (random.nextInt(5) == 0) {
            text.append(separator(random));
        }
        return text.toString();
    }

    private static String word(SplittableRandom random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static String separator(SplittableRandom random) {
        return SEPARATORS[random.nextInt(SEPARATORS.length)];
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(String value) {
        return AttributeValue.builder().n(value).build();
    }

    /** Picks an insert, update or delete for a table, keeping the set of live keys. */
    private abstract static class Table {

        final String name;
        final List<String> live = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        final Map<String, Map<String, AttributeValue>> current = new LinkedHashMap<>();
        int nextId = 1;

        Table(String name) {
            this.name = name;
        }

        abstract String newKey();

        abstract Map<String, AttributeValue> key(String key);

        abstract Map<String, AttributeValue> image(String key, SplittableRandom random,
                Map<String, AttributeValue> previous, boolean move);

        TableWrite next(SplittableRandom random) {
            double draw = random.nextDouble();
            if (live.size() < 10 || draw < 0.45) {
                String key = !removed.isEmpty() && random.nextInt(50) == 0
                        ? removed.remove(random.nextInt(removed.size())) : newKey();
                return put(key, image(key, random, null, false));
            }
            if (draw < 0.80) {
                String key = live.get(random.nextInt(live.size()));
                return put(key, image(key, random, current.get(key), random.nextInt(10) < 4));
            }
            String key = live.remove(random.nextInt(live.size()));
            current.remove(key);
            removed.add(key);
            return new TableWrite(name, key, key(key), null);
        }

        TableWrite put(String key, Map<String, AttributeValue> item) {
            if (!current.containsKey(key)) {
                live.add(key);
            }
            current.put(key, item);
            return new TableWrite(name, key, key(key), item);
        }
    }

    private static final class GameScores extends Table {

        final int users;

        GameScores(int users) {
            super(GAME_SCORES);
            this.users = users;
        }

        @Override
        String newKey() {
            return Integer.toString(nextId++);
        }

        @Override
        Map<String, AttributeValue> key(String key) {
            return Map.of("RecordID", n(key));
        }

        String user(SplittableRandom random) {
            return random.nextInt(20) == 0 ? ODD_USERS[random.nextInt(ODD_USERS.length)]
                    : String.format("player-%03d", random.nextInt(users));
        }

        @Override
        Map<String, AttributeValue> image(String key, SplittableRandom random, Map<String, AttributeValue> previous,
                boolean move) {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("RecordID", n(key));
            String user = previous == null || move ? user(random) : previous.get("Username").s();
            item.put("Username", s(user));
            boolean nicknameOnly = previous != null && !move && random.nextInt(6) == 0;
            item.put("Score", nicknameOnly ? previous.get("Score") : n(score(random)));
            item.put("Nickname", s("nick-" + random.nextInt(1000)));
            return item;
        }

        static String score(SplittableRandom random) {
            return switch (random.nextInt(10)) {
                case 0 -> BigDecimal.valueOf(random.nextInt(100_000), 2).toPlainString(); // decimals add exactly
                case 1 -> Integer.toString(-random.nextInt(500));                         // negatives are summed too
                default -> Integer.toString(random.nextInt(5_000));
            };
        }

        TableWrite poison(SplittableRandom random, int index) {
            String key = Integer.toString(1_000_000 + index);
            Map<String, AttributeValue> item = new LinkedHashMap<>(image(key, random, null, false));
            item.put(POISON_ATTRIBUTE, s(POISON_VALUE));
            return new TableWrite(name, key, key(key), item);
        }

        TableWrite cleanUp(SplittableRandom random, int index) {
            String key = Integer.toString(1_000_000 + index);
            return new TableWrite(name, key, key(key), image(key, random, null, false));
        }
    }

    private static final class StoreOrders extends Table {

        final int items;

        StoreOrders(int items) {
            super(STORE_ORDERS);
            this.items = items;
        }

        @Override
        String newKey() {
            return String.format("order-%06d", nextId++);
        }

        @Override
        Map<String, AttributeValue> key(String key) {
            return Map.of("id", s(key));
        }

        String item(SplittableRandom random) {
            return random.nextInt(20) == 0 ? ODD_ITEMS[random.nextInt(ODD_ITEMS.length)]
                    : String.format("item-%02d", random.nextInt(items));
        }

        @Override
        Map<String, AttributeValue> image(String key, SplittableRandom random, Map<String, AttributeValue> previous,
                boolean move) {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("id", s(key));
            item.put("item", s(previous == null || move ? item(random) : previous.get("item").s()));
            item.put("quantity", n(Integer.toString(1 + random.nextInt(20))));
            item.put("price", n(random.nextInt(8) == 0 ? "0.1" : BigDecimal.valueOf(10 + random.nextInt(9_990), 2)
                    .toPlainString()));
            return item;
        }

        TableWrite poison(SplittableRandom random, int index) {
            String key = "poison-order-" + index;
            Map<String, AttributeValue> item = new LinkedHashMap<>(image(key, random, null, false));
            item.put(POISON_ATTRIBUTE, s(POISON_VALUE));
            return new TableWrite(name, key, key(key), item);
        }

        TableWrite cleanUp(SplittableRandom random, int index) {
            String key = "poison-order-" + index;
            return new TableWrite(name, key, key(key), image(key, random, null, false));
        }
    }
}
