package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed projection expression. Nested results keep their shape: {@code a.b} returns {@code {a: {b: ...}}};
 * list elements come back as a list of the selected elements in index order ({@code a[0], a[2]} returns
 * {@code {a: [a0, a2]}}); paths that do not resolve are left out.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html">Projection expressions</a>
 */
final class PathProjection implements ProjectionExpression {

    private final List<DocumentPath> paths;

    PathProjection(List<DocumentPath> paths) {
        this.paths = List.copyOf(paths);
    }

    @Override
    public Map<String, AttributeValue> project(Map<String, AttributeValue> item) {
        MapNode root = new MapNode();
        for (DocumentPath path : paths) {
            AttributeValue value = path.resolve(item);
            if (value != null) {
                root.insert(path.elements(), 0, value);
            }
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        root.children.forEach((name, node) -> result.put(name, node.build()));
        return result;
    }

    /** The projected part of one value: a whole value, or the selected keys or elements of it. */
    private sealed interface Node permits Leaf, MapNode, ListNode {
        AttributeValue build();

        void insert(List<DocumentPath.Element> elements, int depth, AttributeValue value);
    }

    private record Leaf(AttributeValue value) implements Node {
        public AttributeValue build() {
            return value;
        }

        public void insert(List<DocumentPath.Element> elements, int depth, AttributeValue value) {
            // Paths never overlap (refused at parse time), so nothing goes inside a whole value.
        }
    }

    private static final class MapNode implements Node {
        private final Map<String, Node> children = new LinkedHashMap<>();

        public AttributeValue build() {
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            children.forEach((name, node) -> values.put(name, node.build()));
            return new AttributeValue.M(values);
        }

        public void insert(List<DocumentPath.Element> elements, int depth, AttributeValue value) {
            String name = ((DocumentPath.Key) elements.get(depth)).name();
            if (depth == elements.size() - 1) {
                children.put(name, new Leaf(value));
            } else {
                children.computeIfAbsent(name, n -> newNode(elements.get(depth + 1)))
                        .insert(elements, depth + 1, value);
            }
        }
    }

    private static final class ListNode implements Node {
        private final TreeMap<Integer, Node> elements = new TreeMap<>();

        public AttributeValue build() {
            return new AttributeValue.L(elements.values().stream().map(Node::build).toList());
        }

        public void insert(List<DocumentPath.Element> path, int depth, AttributeValue value) {
            int index = ((DocumentPath.Index) path.get(depth)).position();
            if (depth == path.size() - 1) {
                elements.put(index, new Leaf(value));
            } else {
                elements.computeIfAbsent(index, i -> newNode(path.get(depth + 1))).insert(path, depth + 1, value);
            }
        }
    }

    private static Node newNode(DocumentPath.Element next) {
        return next instanceof DocumentPath.Key ? new MapNode() : new ListNode();
    }
}
