package dev.ddbstreams.dynamodb.expression;

import static dev.ddbstreams.dynamodb.expression.Fixtures.b;
import static dev.ddbstreams.dynamodb.expression.Fixtures.bool;
import static dev.ddbstreams.dynamodb.expression.Fixtures.bs;
import static dev.ddbstreams.dynamodb.expression.Fixtures.item;
import static dev.ddbstreams.dynamodb.expression.Fixtures.list;
import static dev.ddbstreams.dynamodb.expression.Fixtures.map;
import static dev.ddbstreams.dynamodb.expression.Fixtures.n;
import static dev.ddbstreams.dynamodb.expression.Fixtures.names;
import static dev.ddbstreams.dynamodb.expression.Fixtures.ns;
import static dev.ddbstreams.dynamodb.expression.Fixtures.nul;
import static dev.ddbstreams.dynamodb.expression.Fixtures.s;
import static dev.ddbstreams.dynamodb.expression.Fixtures.ss;
import static dev.ddbstreams.dynamodb.expression.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Evaluation of condition and filter expressions.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html">Condition and filter expressions, operators, and functions</a>
 */
class ConditionExpressionTest {

    /** Comparators, IN, BETWEEN: #Expressions.OperatorsAndFunctions.Comparators. */
    private static final String COMPARATORS =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Comparators";

    private static final Map<String, AttributeValue> ITEM = item(
            "id", s("item-1"),
            "price", n(25),
            "title", s("Bicycle 123"),
            "picture", b(1, 2, 3, 4),
            "colors", ss("red", "black"),
            "sizes", ns("1", "2.5"),
            "blobs", bs(b(1), b(2)),
            "tags", list(s("x"), n(7), map("k", s("v"))),
            "details", map("weight", n(10), "dims", list(n(1), n(2), n(3)), "maker", map("brand", s("Acme"))),
            "active", bool(true),
            "nothing", nul());

    private static boolean test(String expression, Object... placeholdersAndValues) {
        return Expressions.condition("ConditionExpression", expression, values(placeholdersAndValues)).test(ITEM);
    }

    // ------------------------------------------------------------ comparators (COMPARATORS)

    @Test
    void equalsComparesNumbersByValue() { // COMPARATORS: a = b
        assertTrue(test("price = :v", ":v", n("25.00")));
        assertFalse(test("price = :v", ":v", n(26)));
    }

    @Test
    void numbersCompareByValueWhateverTheirForm() { // HowItWorks.DataTypes: Number; 1E2 and 100 are one number
        assertTrue(test("price = :v", ":v", n("2.5E1")));
        assertTrue(test("price > :v", ":v", n("-1E+100")));
        assertTrue(test("price < :v", ":v", n("25.000000000000000000000000000000000001")));
    }

    @Test
    void numberSetMembershipIgnoresForm() { // Functions: contains on NS
        assertTrue(test("contains(sizes, :v)", ":v", n("25E-1")));
    }

    @Test
    void sizeOfEmptyString() { // Functions: size
        Map<String, AttributeValue> item = item("a", s(""));
        assertTrue(Expressions.condition("ConditionExpression", "size(a) = :zero", values(":zero", n(0))).test(item));
    }

    @Test
    void containsNestedListElement() { // Functions: contains (List) compares whole elements
        Map<String, AttributeValue> item = item("a", list(list(n(1), n(2)), s("x")));
        assertTrue(Expressions.condition("ConditionExpression", "contains(a, :v)", values(":v", list(n(1), n(2)))).test(item));
        assertFalse(Expressions.condition("ConditionExpression", "contains(a, :v)", values(":v", n(1))).test(item));
    }

    @Test
    void inWithPathCandidates() { // Comparators: a IN (b, c) - candidates may be attributes
        assertTrue(test("price IN (details.weight, :v)", ":v", n(25)));
        assertFalse(test("price IN (details.weight, title)"));
    }

    @Test
    void attributeTypeOfNestedPath() { // Functions: attribute_type(path, type) with a document path
        assertTrue(test("attribute_type(details.dims[0], :t)", ":t", s("N")));
        assertTrue(test("attribute_type(tags[2], :t)", ":t", s("M")));
    }

    @Test
    void equalsIsFalseAcrossTypes() { // COMPARATORS: different types are not equal
        assertFalse(test("price = :v", ":v", s("25")));
    }

    @Test
    void notEqualsIsTrueAcrossTypesAndForMissingAttributes() { // COMPARATORS: a <> b
        assertTrue(test("price <> :v", ":v", s("25")));
        assertTrue(test("absent <> :v", ":v", n(1)));
        assertFalse(test("price <> :v", ":v", n(25)));
    }

    @Test
    void equalsIsFalseForMissingAttribute() { // COMPARATORS
        assertFalse(test("absent = :v", ":v", n(1)));
    }

    @Test
    void orderingComparesNumbersNumerically() { // COMPARATORS: < <= > >=
        assertTrue(test("price < :v", ":v", n(100)));
        assertTrue(test("price <= :v", ":v", n(25)));
        assertTrue(test("price > :v", ":v", n("-3.5")));
        assertTrue(test("price >= :v", ":v", n(25)));
        assertFalse(test("price > :v", ":v", n(25)));
    }

    @Test
    void orderingComparesStringsByBytes() { // COMPARATORS; strings ordered by UTF-8 bytes (HowItWorks.DataTypes)
        assertTrue(test("title > :v", ":v", s("Bicycle 1")));
        assertTrue(test("title < :v", ":v", s("bicycle"))); // 'B' (0x42) < 'b' (0x62)
    }

    @Test
    void stringOrderFollowsUtf8NotUtf16() { // HowItWorks.DataTypes: String "ordered by UTF-8 bytes"
        Map<String, AttributeValue> item = item("a", s("\uFFFD"));
        // U+1F600 is a surrogate pair in UTF-16 (0xD83D...) but sorts after U+FFFD in UTF-8.
        assertTrue(Expressions.condition("ConditionExpression", "a < :v", values(":v", s("\uD83D\uDE00"))).test(item));
    }

    @Test
    void orderingComparesBinaryUnsigned() { // HowItWorks.DataTypes: binary compared as unsigned bytes
        Map<String, AttributeValue> item = item("a", b(0x80));
        assertTrue(Expressions.condition("ConditionExpression", "a > :v", values(":v", b(0x7f))).test(item));
    }

    @Test
    void orderingIsFalseAcrossTypes() { // COMPARATORS: different types
        assertFalse(test("price < :v", ":v", s("zzz")));
        assertFalse(test("price >= :v", ":v", s("0")));
    }

    @Test
    void orderingIsFalseForNonScalarTypes() { // COMPARATORS: only N, S, B are ordered
        assertFalse(test("colors < :v", ":v", ss("zzz")));
        assertFalse(test("active >= :v", ":v", bool(true)));
    }

    @Test
    void equalityOfSetsIgnoresOrder() { // COMPARATORS: sets are unordered (HowItWorks.DataTypes)
        assertTrue(test("colors = :v", ":v", ss("black", "red")));
        assertFalse(test("colors = :v", ":v", ss("black")));
    }

    @Test
    void equalityOfMapsAndLists() { // COMPARATORS: documents compare by content
        assertTrue(test("details.maker = :v", ":v", map("brand", s("Acme"))));
        assertTrue(test("details.dims = :v", ":v", list(n(1), n(2), n(3))));
        assertFalse(test("details.dims = :v", ":v", list(n(3), n(2), n(1))));
    }

    @Test
    void equalityOfBooleanAndNull() { // COMPARATORS
        assertTrue(test("active = :v", ":v", bool(true)));
        assertTrue(test("nothing = :v", ":v", nul()));
    }

    @Test
    void twoPathsCanBeCompared() { // COMPARATORS: operands may both be attributes
        assertTrue(test("details.weight < price"));
    }

    @Test
    void twoValuesCanBeCompared() { // COMPARATORS
        assertTrue(test(":a < :b", ":a", n(1), ":b", n(2)));
    }

    // ------------------------------------------------------------ BETWEEN, IN

    @Test
    void betweenIsInclusive() { // COMPARATORS: a BETWEEN b AND c
        assertTrue(test("price BETWEEN :lo AND :hi", ":lo", n(25), ":hi", n(25)));
        assertTrue(test("price between :lo and :hi", ":lo", n(1), ":hi", n(100)));
        assertFalse(test("price BETWEEN :lo AND :hi", ":lo", n(26), ":hi", n(100)));
    }

    @Test
    void betweenIsFalseAcrossTypes() { // COMPARATORS
        assertFalse(test("price BETWEEN :lo AND :hi", ":lo", s("1"), ":hi", s("9")));
    }

    @Test
    void betweenOnStrings() { // COMPARATORS
        assertTrue(test("title BETWEEN :lo AND :hi", ":lo", s("A"), ":hi", s("C")));
    }

    @Test
    void inMatchesAnyCandidate() { // COMPARATORS: a IN (b, c, d)
        assertTrue(test("price IN (:a, :b, :c)", ":a", n(1), ":b", n(25), ":c", n(3)));
        assertFalse(test("price IN (:a, :b)", ":a", n(1), ":b", s("25")));
    }

    @Test
    void inWithOneCandidate() { // COMPARATORS
        assertTrue(test("title IN (:a)", ":a", s("Bicycle 123")));
    }

    @Test
    void inIsFalseForMissingAttribute() { // COMPARATORS
        assertFalse(test("absent IN (:a)", ":a", n(1)));
    }

    // ------------------------------------------------------------ functions

    @Test
    void attributeExists() { // Functions: attribute_exists
        assertTrue(test("attribute_exists(price)"));
        assertTrue(test("attribute_exists(details.maker.brand)"));
        assertTrue(test("attribute_exists(nothing)"));
        assertFalse(test("attribute_exists(absent)"));
        assertFalse(test("attribute_exists(details.dims[3])"));
    }

    @Test
    void attributeNotExists() { // Functions: attribute_not_exists
        assertTrue(test("attribute_not_exists(absent)"));
        assertFalse(test("attribute_not_exists(tags[2].k)"));
    }

    @Test
    void attributeExistsOnEmptyItem() { // Functions: an absent item has no attributes
        ConditionExpression condition = Expressions.condition("ConditionExpression", "attribute_not_exists(id)",
                Fixtures.none());
        assertTrue(condition.test(Map.of()));
    }

    @Test
    void attributeTypeMatchesEachType() { // Functions: attribute_type
        assertTrue(test("attribute_type(price, :t)", ":t", s("N")));
        assertTrue(test("attribute_type(title, :t)", ":t", s("S")));
        assertTrue(test("attribute_type(picture, :t)", ":t", s("B")));
        assertTrue(test("attribute_type(colors, :t)", ":t", s("SS")));
        assertTrue(test("attribute_type(sizes, :t)", ":t", s("NS")));
        assertTrue(test("attribute_type(blobs, :t)", ":t", s("BS")));
        assertTrue(test("attribute_type(tags, :t)", ":t", s("L")));
        assertTrue(test("attribute_type(details, :t)", ":t", s("M")));
        assertTrue(test("attribute_type(active, :t)", ":t", s("BOOL")));
        assertTrue(test("attribute_type(nothing, :t)", ":t", s("NULL")));
        assertFalse(test("attribute_type(price, :t)", ":t", s("S")));
        assertFalse(test("attribute_type(absent, :t)", ":t", s("S")));
    }

    @Test
    void beginsWithString() { // Functions: begins_with
        assertTrue(test("begins_with(title, :p)", ":p", s("Bicy")));
        assertTrue(test("begins_with(title, :p)", ":p", s("")));
        assertFalse(test("begins_with(title, :p)", ":p", s("bicy")));
    }

    @Test
    void beginsWithBinary() { // Functions: begins_with works on binary too
        assertTrue(test("begins_with(picture, :p)", ":p", b(1, 2)));
        assertFalse(test("begins_with(picture, :p)", ":p", b(2)));
    }

    @Test
    void beginsWithIsFalseForOtherTypes() { // Functions: begins_with on a number attribute
        assertFalse(test("begins_with(price, :p)", ":p", s("2")));
        assertFalse(test("begins_with(absent, :p)", ":p", s("2")));
    }

    @Test
    void containsSubstring() { // Functions: contains (String)
        assertTrue(test("contains(title, :v)", ":v", s("cle 1")));
        assertFalse(test("contains(title, :v)", ":v", s("car")));
    }

    @Test
    void containsSetMember() { // Functions: contains (Set)
        assertTrue(test("contains(colors, :v)", ":v", s("red")));
        assertTrue(test("contains(sizes, :v)", ":v", n("2.50")));
        assertTrue(test("contains(blobs, :v)", ":v", b(2)));
        assertFalse(test("contains(colors, :v)", ":v", s("blue")));
        assertFalse(test("contains(sizes, :v)", ":v", s("1")));
    }

    @Test
    void containsListElement() { // Functions: contains (List)
        assertTrue(test("contains(tags, :v)", ":v", n(7)));
        assertTrue(test("contains(tags, :v)", ":v", map("k", s("v"))));
        assertFalse(test("contains(tags, :v)", ":v", s("7")));
    }

    @Test
    void containsBinaryPart() { // Functions: contains; dynalite db/index.js contains() accepts B in B
        assertTrue(test("contains(picture, :v)", ":v", b(2, 3)));
        assertFalse(test("contains(picture, :v)", ":v", b(3, 2)));
    }

    @Test
    void containsNeverMatchesMapsOrBooleans() { // Alternator test_filter_expression_map_contains and _bool_contains
        assertFalse(test("contains(details, :v)", ":v", s("weight")));
        assertFalse(test("contains(details, :v)", ":v", n(10)));
        assertFalse(test("contains(active, :v)", ":v", bool(true)));
    }

    @Test
    void containsIsFalseForNumbersAndMissing() { // Functions: contains applies to S, sets and lists
        assertFalse(test("contains(price, :v)", ":v", n(2)));
        assertFalse(test("contains(absent, :v)", ":v", s("a")));
    }

    @Test
    void containsWithPathOperand() { // Functions: contains(path, operand) - the operand may be a path
        Map<String, AttributeValue> item = item("a", s("hello"), "b", s("ell"));
        assertTrue(Expressions.condition("ConditionExpression", "contains(a, b)", Fixtures.none()).test(item));
    }

    @Test
    void sizeOfString() { // Functions: size (String length)
        assertTrue(test("size(title) = :v", ":v", n(11)));
    }

    @Test
    void sizeCountsCharactersNotBytes() { // Functions: size is "the length of the string"
        Map<String, AttributeValue> item = item("a", s("h\u00e9llo"));
        assertTrue(Expressions.condition("ConditionExpression", "size(a) = :v", values(":v", n(5))).test(item));
    }

    @Test
    void sizeOfBinary() { // Functions: size (Binary: number of bytes)
        assertTrue(test("size(picture) = :v", ":v", n(4)));
    }

    @Test
    void sizeOfSetsListsAndMaps() { // Functions: size (Set, List, Map: number of elements)
        assertTrue(test("size(colors) = :v", ":v", n(2)));
        assertTrue(test("size(tags) = :v", ":v", n(3)));
        assertTrue(test("size(details) = :v", ":v", n(3)));
        assertTrue(test("size(details.dims) > :v", ":v", n(2)));
    }

    @Test
    void sizeOfNumberMakesComparisonFalse() { // Functions: size has no value for a number attribute
        assertFalse(test("size(price) >= :v", ":v", n(0)));
        assertTrue(test("size(price) <> :v", ":v", n(0)));
    }

    @Test
    void sizeOfMissingAttributeMakesComparisonFalse() { // Functions: size
        assertFalse(test("size(absent) = :v", ":v", n(0)));
    }

    @Test
    void sizeOfValue() { // Functions: size(:v) measures the value itself (Alternator test_update_condition_size)
        assertTrue(test("size(:x) = :v", ":x", s("abc"), ":v", n(3)));
    }

    @Test
    void sizeInsideBetweenAndIn() { // Functions: size is an operand wherever operands go
        assertTrue(test("size(title) BETWEEN :a AND :b", ":a", n(1), ":b", n(20)));
        assertTrue(test("size(colors) IN (:a, :b)", ":a", n(2), ":b", n(5)));
    }

    // ------------------------------------------------------------ logical operators and precedence

    private static final String PRECEDENCE =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Precedence";

    @Test
    void andOrNot() { // Logical evaluations: AND, OR, NOT
        assertTrue(test("price = :p AND title = :t", ":p", n(25), ":t", s("Bicycle 123")));
        assertFalse(test("price = :p AND title = :t", ":p", n(25), ":t", s("x")));
        assertTrue(test("price = :p OR title = :t", ":p", n(1), ":t", s("Bicycle 123")));
        assertTrue(test("NOT price = :p", ":p", n(1)));
        assertFalse(test("not price = :p", ":p", n(25)));
    }

    @Test
    void andBindsTighterThanOr() { // PRECEDENCE: AND before OR
        // true OR (false AND false) = true; (true OR false) AND false would be false.
        assertTrue(test("price = :yes OR price = :no AND price = :no", ":yes", n(25), ":no", n(1)));
    }

    @Test
    void notBindsTighterThanAnd() { // PRECEDENCE: NOT before AND
        // (NOT false) AND true = true; NOT (false AND true) would also be true, so use:
        // (NOT true) AND false = false vs NOT (true AND false) = true.
        assertFalse(test("NOT price = :yes AND price = :no", ":yes", n(25), ":no", n(1)));
    }

    @Test
    void parenthesesOverridePrecedence() { // PRECEDENCE: parentheses
        assertFalse(test("(price = :yes OR price = :no) AND price = :no", ":yes", n(25), ":no", n(1)));
        assertTrue(test("NOT (price = :yes AND price = :no)", ":yes", n(25), ":no", n(1)));
    }

    @Test
    void doubleNegation() { // PRECEDENCE: NOT NOT a
        assertTrue(test("NOT NOT price = :p", ":p", n(25)));
    }

    @Test
    void betweenInsideAndChain() { // PRECEDENCE: BETWEEN binds tighter than AND
        assertTrue(test("price BETWEEN :a AND :b AND title = :t", ":a", n(1), ":b", n(30), ":t", s("Bicycle 123")));
    }

    @Test
    void functionsCombineWithLogic() { // PRECEDENCE: functions as conditions
        assertTrue(test("attribute_exists(price) AND NOT contains(colors, :c) OR size(tags) = :n", ":c", s("red"),
                ":n", n(3)));
    }

    @Test
    void whitespaceIsFlexible() { // Syntax: spaces are optional around symbols
        assertTrue(test("price>=:v\tAND\ntitle=:t", ":v", n(1), ":t", s("Bicycle 123")));
        assertTrue(test("attribute_exists ( price )"));
    }

    // ------------------------------------------------------------ paths

    private static final String PATHS =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html";

    @Test
    void nestedMapAndListPaths() { // PATHS: document paths
        assertTrue(test("details.maker.brand = :v", ":v", s("Acme")));
        assertTrue(test("details.dims[1] = :v", ":v", n(2)));
        assertTrue(test("tags[2].k = :v", ":v", s("v")));
    }

    @Test
    void listIndexOnMapDoesNotResolve() { // PATHS: an index into a non-list
        assertFalse(test("attribute_exists(details[0])"));
        assertFalse(test("attribute_exists(tags.k)"));
    }

    @Test
    void namePlaceholdersInEveryPart() { // Expressions.ExpressionAttributeNames: nested placeholders
        ExpressionAttributes attributes = Fixtures.attrs(names("#d", "details", "#m", "maker", "#n", "brand"),
                item(":v", s("Acme")));
        assertTrue(Expressions.condition("ConditionExpression", "#d.#m.#n = :v", attributes).test(ITEM));
    }

    @Test
    void placeholderForNameWithDot() { // Expressions.ExpressionAttributeNames: names containing dots
        Map<String, AttributeValue> item = item("a.b", n(1), "a", map("b", n(2)));
        ExpressionAttributes attributes = Fixtures.attrs(names("#ab", "a.b"), item(":v", n(1)));
        assertTrue(Expressions.condition("ConditionExpression", "#ab = :v", attributes).test(item));
        assertFalse(Expressions.condition("ConditionExpression", "a.b = :v", values(":v", n(1))).test(item));
    }

    @Test
    void placeholderForReservedWord() { // ReservedWords: use a placeholder for a reserved word
        Map<String, AttributeValue> item = item("status", s("on"));
        ExpressionAttributes attributes = Fixtures.attrs(names("#s", "status"), item(":v", s("on")));
        assertTrue(Expressions.condition("FilterExpression", "#s = :v", attributes).test(item));
    }

    @Test
    void keywordsAreCaseInsensitive() { // Syntax: AND/OR/NOT/BETWEEN/IN in any case
        assertTrue(test("price bEtWeEn :a aNd :b Or NoT price In (:a)", ":a", n(1), ":b", n(30)));
    }
}
