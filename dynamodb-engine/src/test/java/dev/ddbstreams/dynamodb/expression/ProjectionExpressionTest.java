package dev.ddbstreams.dynamodb.expression;

import static dev.ddbstreams.dynamodb.expression.Fixtures.item;
import static dev.ddbstreams.dynamodb.expression.Fixtures.list;
import static dev.ddbstreams.dynamodb.expression.Fixtures.map;
import static dev.ddbstreams.dynamodb.expression.Fixtures.n;
import static dev.ddbstreams.dynamodb.expression.Fixtures.names;
import static dev.ddbstreams.dynamodb.expression.Fixtures.none;
import static dev.ddbstreams.dynamodb.expression.Fixtures.s;
import static dev.ddbstreams.dynamodb.expression.Fixtures.ss;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Projection expressions: which attributes come back and in what shape.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html">Projection expressions</a>
 */
class ProjectionExpressionTest {

    private static final Map<String, AttributeValue> ITEM = item(
            "id", s("1"),
            "title", s("Book"),
            "colors", ss("red"),
            "related", list(s("r0"), s("r1"), s("r2"), map("x", n(1), "y", n(2))),
            "info", map("pages", n(300), "author", map("first", s("Ann"), "surname", s("Lee")), "isbn", s("9")));

    private static Map<String, AttributeValue> project(String expression) {
        return Expressions.projection(expression, none()).project(ITEM);
    }

    @Test
    void topLevelAttributes() { // ProjectionExpressions: top-level attributes
        assertEquals(item("id", s("1"), "colors", ss("red")), project("id, colors"));
    }

    @Test
    void missingAttributesAreLeftOut() { // ProjectionExpressions: absent attributes are not returned
        assertEquals(item("id", s("1")), project("id, absent, info.absent, related[9]"));
    }

    @Test
    void nestedMapKeyKeepsItsShape() { // ProjectionExpressions: nested attributes
        assertEquals(item("info", map("pages", n(300))), project("info.pages"));
    }

    @Test
    void severalKeysOfOneMapAreMerged() { // ProjectionExpressions: nested attributes
        assertEquals(item("info", map("pages", n(300), "author", map("surname", s("Lee")))),
                project("info.pages, info.author.surname"));
    }

    @Test
    void listElementComesBackAsList() { // ProjectionExpressions: list elements
        assertEquals(item("related", list(s("r1"))), project("related[1]"));
    }

    @Test
    void severalListElementsComeBackInIndexOrder() { // ProjectionExpressions: list elements
        assertEquals(item("related", list(s("r0"), s("r2"))), project("related[2], related[0]"));
    }

    @Test
    void pathThroughListElement() { // ProjectionExpressions: document paths through lists
        assertEquals(item("related", list(map("y", n(2)))), project("related[3].y"));
    }

    @Test
    void wholeNestedMap() { // ProjectionExpressions
        assertEquals(item("info", map("author", map("first", s("Ann"), "surname", s("Lee")))), project("info.author"));
    }

    @Test
    void placeholdersInProjection() { // Expressions.ExpressionAttributeNames in projections
        ExpressionAttributes attributes = Fixtures.attrs(names("#i", "info", "#p", "pages"), null);
        assertEquals(item("info", map("pages", n(300))),
                Expressions.projection("#i.#p", attributes).project(ITEM));
    }

    @Test
    void projectionOfEmptyItemIsEmpty() { // ProjectionExpressions
        assertEquals(Map.of(), Expressions.projection("a, b", none()).project(Map.of()));
    }

    @Test
    void spacesAroundCommas() { // ProjectionExpressions: list of paths separated by commas
        assertEquals(item("id", s("1"), "title", s("Book")), project("  id ,title  "));
    }

    @Test
    void indexIntoNonListIsLeftOut() { // ProjectionExpressions: a path that does not resolve
        assertEquals(item(), project("info[0], title.x"));
    }
}
