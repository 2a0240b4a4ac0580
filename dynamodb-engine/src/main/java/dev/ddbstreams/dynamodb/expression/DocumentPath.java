package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A document path: a top-level attribute name followed by map keys ({@code .name}) and list indexes
 * ({@code [n]}), with placeholders already replaced by the names they stand for.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html#Expressions.Attributes.NestedElements.DocumentPathExamples">Document paths</a>
 */
record DocumentPath(List<Element> elements) {

    /** DynamoDB allows 32 levels of nesting, the top-level attribute included (ServiceQuotas, "Expression parameters"). */
    static final int MAX_DEPTH = 32;

    DocumentPath {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.get(0) instanceof Key)) {
            throw new IllegalArgumentException("a document path starts with an attribute name");
        }
    }

    /** One step of a path. */
    sealed interface Element permits Key, Index {
    }

    /** A map key (or, first, a top-level attribute name). */
    record Key(String name) implements Element {
    }

    /** A list index. */
    record Index(int position) implements Element {
    }

    String topLevelName() {
        return ((Key) elements.get(0)).name();
    }

    int size() {
        return elements.size();
    }

    /** True when this path equals {@code other} or leads into it. */
    boolean isPrefixOf(DocumentPath other) {
        return other.elements.size() >= elements.size() && other.elements.subList(0, elements.size()).equals(elements);
    }

    /**
     * True when the two paths part at a step where one names a map key and the other a list index (such as
     * {@code a.b} and {@code a[0]}): they cannot both be valid for one item.
     */
    boolean conflictsWith(DocumentPath other) {
        int common = Math.min(elements.size(), other.elements.size());
        for (int i = 0; i < common; i++) {
            Element mine = elements.get(i);
            Element theirs = other.elements.get(i);
            if (!mine.equals(theirs)) {
                return mine.getClass() != theirs.getClass();
            }
        }
        return false;
    }

    /** The value at this path in {@code item}, or null when the path does not resolve. */
    AttributeValue resolve(Map<String, AttributeValue> item) {
        AttributeValue current = item.get(topLevelName());
        for (int i = 1; i < elements.size() && current != null; i++) {
            current = step(current, elements.get(i));
        }
        return current;
    }

    static AttributeValue step(AttributeValue container, Element element) {
        if (element instanceof Key key) {
            return container instanceof AttributeValue.M map ? map.values().get(key.name()) : null;
        }
        int position = ((Index) element).position();
        return container instanceof AttributeValue.L list && position < list.values().size()
                ? list.values().get(position) : null;
    }

    /** The path as DynamoDB prints it in messages: {@code [a, b, [0]]}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (Element element : elements) {
            parts.add(element instanceof Key key ? key.name() : "[" + ((Index) element).position() + "]");
        }
        return "[" + String.join(", ", parts) + "]";
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Element element : elements) {
            if (element instanceof Key key) {
                text.append(text.isEmpty() ? "" : ".").append(key.name());
            } else {
                text.append('[').append(((Index) element).position()).append(']');
            }
        }
        return text.toString();
    }
}
