package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A recursive-descent parser for DynamoDB's expression language. One instance parses one expression.
 *
 * <p>Condition grammar and precedence, as the developer guide gives them (highest first): comparators
 * {@code = <> < <= > >=}; IN; BETWEEN; functions; parentheses; NOT; AND; OR.
 *
 * <pre>
 * condition  := or
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | primary
 * primary    := '(' or ')' | function
 *             | operand (comparator operand | BETWEEN operand AND operand | IN '(' operand (',' operand)* ')')
 * operand    := path | :value | function | '(' operand ')' (path steps may follow a parenthesised path)
 * function   := name '(' operand (',' operand)* ')'
 * path       := name ('.' name | '[' digits ']')*         name := identifier | #placeholder
 * update     := (SET set (',' set)* | REMOVE path (',' path)* | ADD path :value (',' ...)* | DELETE ...)+
 * set        := path '=' value | path '=' '(' value ')'
 * value      := operand | operand '+' operand | operand '-' operand
 * projection := path (',' path)*
 * </pre>
 *
 * <p>Errors. A syntax error (and an exceeded limit) ends the parse at once. Every other error is noted and
 * reported once the whole expression has parsed, the most important first, in the order DynamoDB uses;
 * dynalite's parsers (db/conditionParser.pegjs, updateParser.pegjs, projectionParser.pegjs, checked
 * against DynamoDB by their author) record that order, and its test/scan.js shows it at work (for
 * {@code attribute_exists(views, #a)} DynamoDB names the reserved word, not the operand count).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Syntax">Syntax for condition expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Precedence">Precedence in conditions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters">Expression parameters (limits)</a>
 */
final class ExpressionParser {

    /** "The maximum length of any expression string is 4 KB" (ServiceQuotas, Expression parameters). */
    static final int MAX_EXPRESSION_BYTES = 4096;
    /** "The maximum number of operators or functions allowed in an UpdateExpression is 300"; conditions alike. */
    static final int MAX_OPERATORS = 300;
    /** "The maximum number of operands for the IN comparator is 100". */
    static final int MAX_IN_OPERANDS = 100;
    /**
     * Parentheses deeper than this cannot all be necessary: a parenthesised level that is not redundant holds
     * an operator, and an expression holds at most {@link #MAX_OPERATORS}. Stopping there bounds recursion.
     */
    private static final int MAX_PARENTHESIS_DEPTH = MAX_OPERATORS + 10;

    private enum Mode {
        CONDITION(List.of("parens", "unknownFunction", "misusedFunction", "reserved", "attrNameVal", "operandCount",
                "distinct", "function"), Set.of("AND", "OR", "NOT", "BETWEEN", "IN")),
        UPDATE(List.of("reserved", "unknownFunction", "section", "attrName", "attrVal", "overlap", "conflict",
                "actionOperand", "function", "misusedFunction"), Set.of("SET", "REMOVE", "ADD", "DELETE")),
        PROJECTION(List.of("reserved", "attrNameVal", "overlap", "conflict"), Set.of());

        /** Deferred error categories, most important first. */
        final List<String> errorOrder;
        /** Words that are syntax, never names, in this kind of expression. */
        final Set<String> keywords;

        Mode(List<String> errorOrder, Set<String> keywords) {
            this.errorOrder = errorOrder;
            this.keywords = keywords;
        }
    }

    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    /** Condition functions and their operand counts (Expressions.OperatorsAndFunctions, Functions). */
    private static final Map<String, Integer> CONDITION_FUNCTIONS = Map.of("attribute_exists", 1,
            "attribute_not_exists", 1, "attribute_type", 2, "begins_with", 2, "contains", 2, "size", 1);
    /** Update functions and their operand counts (Expressions.UpdateExpressions, SET). */
    private static final Map<String, Integer> UPDATE_FUNCTIONS = Map.of("if_not_exists", 2, "list_append", 2);
    private static final Set<String> ATTRIBUTE_TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final List<String> CLAUSES = List.of("SET", "REMOVE", "ADD", "DELETE");

    private final String kind;
    private final String text;
    private final RequestAttributes attributes;
    private final List<Token> tokens;
    /** For each '(' token, the index of its ')' (or -1 when unbalanced). */
    private final int[] closing;
    private Mode mode = Mode.CONDITION;
    private int position;
    private int operators;
    private int depth;
    private final Map<String, ValidationException> deferred = new HashMap<>();
    private final Set<Object> parenthesised = Collections.newSetFromMap(new IdentityHashMap<>());

    ExpressionParser(String kind, String text, RequestAttributes attributes) {
        this.kind = kind;
        this.text = text == null ? "" : text;
        this.attributes = attributes;
        int bytes = this.text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            throw ExpressionErrors.tooLong(kind, bytes);
        }
        this.tokens = Lexer.tokenize(this.text);
        if (tokens.size() == 1) {
            throw ExpressionErrors.empty(kind);
        }
        this.closing = matchParentheses(tokens);
    }

    private static int[] matchParentheses(List<Token> tokens) {
        int[] closing = new int[tokens.size()];
        java.util.Arrays.fill(closing, -1);
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                open.push(i);
            } else if (tokens.get(i).isSymbol(")") && !open.isEmpty()) {
                closing[open.pop()] = i;
            }
        }
        return closing;
    }

    // ---------------------------------------------------------------- conditions

    Condition parseCondition() {
        mode = Mode.CONDITION;
        Condition condition = parseOr();
        finish();
        return condition;
    }

    private Condition parseOr() {
        Condition left = parseAnd();
        while (peek().isKeyword("OR")) {
            next();
            countOperator();
            left = new Condition.Or(left, parseAnd());
        }
        return left;
    }

    private Condition parseAnd() {
        Condition left = parseNot();
        while (peek().isKeyword("AND")) {
            next();
            countOperator();
            left = new Condition.And(left, parseNot());
        }
        return left;
    }

    private Condition parseNot() {
        if (peek().isKeyword("NOT")) {
            next();
            countOperator();
            return new Condition.Not(parseNot());
        }
        return parsePrimary();
    }

    private Condition parsePrimary() {
        Token token = peek();
        if (token.isSymbol("(") && !startsParenthesisedOperand()) {
            next();
            enterParenthesis();
            Condition inner = parseOr();
            expectSymbol(")");
            depth--;
            // "((a = :v))" is refused, "((a = :v) AND b = :w)" is not: only parentheses directly around a
            // parenthesised condition are redundant (dynalite test/scan.js; Alternator test_redundant_parentheses).
            if (!parenthesised.add(inner)) {
                defer("parens", ExpressionErrors.redundantParentheses(kind));
            }
            return inner;
        }
        if (isFunctionCall() && !followsComparison(position + 1)) {
            return conditionFunction(parseCall(this::parseConditionOperand));
        }
        Operand left = parseConditionOperand();
        Token operator = peek();
        if (operator.type() == Token.Type.SYMBOL && COMPARATORS.contains(operator.text())) {
            next();
            countOperator();
            Operand right = parseConditionOperand();
            checkMisusedArguments(List.of(left, right));
            checkDistinct(operator.text(), List.of(left, right));
            return new Condition.Comparison(left, operator.text(), right);
        }
        if (operator.isKeyword("BETWEEN")) {
            next();
            countOperator();
            Operand lower = parseConditionOperand();
            expectKeyword("AND");
            Operand upper = parseConditionOperand();
            checkMisusedArguments(List.of(left, lower, upper));
            checkBetweenBounds(lower, upper);
            return new Condition.Between(left, lower, upper);
        }
        if (operator.isKeyword("IN")) {
            next();
            countOperator();
            expectSymbol("(");
            List<Operand> candidates = new ArrayList<>();
            candidates.add(parseConditionOperand());
            while (acceptSymbol(",")) {
                candidates.add(parseConditionOperand());
            }
            expectSymbol(")");
            if (candidates.size() > MAX_IN_OPERANDS) {
                throw ExpressionErrors.tooManyInOperands(kind, candidates.size());
            }
            List<Operand> all = new ArrayList<>(candidates);
            all.add(0, left);
            checkMisusedArguments(all);
            return new Condition.In(left, candidates);
        }
        throw syntaxError();
    }

    /**
     * A '(' opens an operand, not a condition, when what follows its ')' continues an operand or a
     * comparison: {@code (a) = :v}, {@code (a.b).c < :v}, {@code (size(a)) > :v}.
     */
    private boolean startsParenthesisedOperand() {
        int close = closing[position];
        if (close < 0) {
            return false;
        }
        Token after = tokens.get(close + 1);
        return after.isSymbol(".") || after.isSymbol("[") || isComparison(after);
    }

    /** True when the function call starting at the '(' at {@code open} is followed by a comparison. */
    private boolean followsComparison(int open) {
        int close = closing[open];
        return close >= 0 && isComparison(tokens.get(close + 1));
    }

    private static boolean isComparison(Token token) {
        return token.type() == Token.Type.SYMBOL && COMPARATORS.contains(token.text()) || token.isKeyword("BETWEEN")
                || token.isKeyword("IN");
    }

    /** A function call read as a condition: the five condition functions; size() alone is misused. */
    private Condition conditionFunction(Call call) {
        String name = call.name();
        List<Operand> arguments = call.arguments();
        if (name.equals("size")) {
            // size(a) alone: Alternator's test_update_condition_size_alone quotes this message.
            defer("misusedFunction", ExpressionErrors.functionMisused(kind, name));
            return new Condition.Refused(name);
        }
        if (!call.valid()) {
            return new Condition.Refused(name);
        }
        switch (name) {
            case "attribute_exists", "attribute_not_exists" -> {
                if (arguments.get(0) instanceof Operand.Path path) {
                    return new Condition.Exists(path.path(), name.equals("attribute_exists"));
                }
                return new Condition.Refused(name);
            }
            case "attribute_type" -> {
                return new Condition.AttributeType(arguments.get(0), arguments.get(1));
            }
            case "begins_with" -> {
                return new Condition.BeginsWith(arguments.get(0), arguments.get(1));
            }
            default -> {
                return new Condition.Contains(arguments.get(0), arguments.get(1));
            }
        }
    }

    /** An operand of a condition: a path, a value, size(operand), or a parenthesised operand. */
    private Operand parseConditionOperand() {
        Token token = peek();
        if (token.type() == Token.Type.VALUE_PLACEHOLDER) {
            return parseValue();
        }
        if (token.isSymbol("(")) {
            next();
            enterParenthesis();
            Operand inner = parseConditionOperand();
            expectSymbol(")");
            depth--;
            if (!parenthesised.add(inner)) {
                defer("parens", ExpressionErrors.redundantParentheses(kind));
            }
            if (inner instanceof Operand.Path path && (peek().isSymbol(".") || peek().isSymbol("["))) {
                // A parenthesised path may go on: "(a.b).c" (dynalite conditionParser.pegjs, GroupedPathExpression).
                return new Operand.Path(parsePathSteps(new ArrayList<>(path.path().elements())));
            }
            return inner;
        }
        if (isFunctionCall()) {
            Call call = parseCall(this::parseConditionOperand);
            if (call.name().equals("size")) {
                return call.valid() ? new Operand.Size(call.arguments().get(0)) : new Operand.Refused("size");
            }
            if (CONDITION_FUNCTIONS.containsKey(call.name())) {
                // attribute_exists(a) < :v and the like (dynalite test/scan.js).
                defer("misusedFunction", ExpressionErrors.functionMisused(kind, call.name()));
            }
            return new Operand.Refused(call.name());
        }
        return new Operand.Path(parsePath());
    }

    /** A function call, its operands parsed; {@code valid} when its name and operand count are right. */
    private record Call(String name, List<Operand> arguments, boolean valid) {
    }

    private Call parseCall(Supplier<Operand> argument) {
        String name = next().text();
        expectSymbol("(");
        List<Operand> arguments = new ArrayList<>();
        arguments.add(argument.get());
        while (acceptSymbol(",")) {
            arguments.add(argument.get());
        }
        expectSymbol(")");
        return mode == Mode.UPDATE ? checkUpdateFunction(name, arguments) : checkConditionFunction(name, arguments);
    }

    /** The checks dynalite's conditionParser.pegjs makes of a function call (checkFunction), in its order. */
    private Call checkConditionFunction(String name, List<Operand> arguments) {
        checkMisusedArguments(arguments);
        if (UPDATE_FUNCTIONS.containsKey(name)) {
            // Alternator test_update_condition_other_funcs: if_not_exists and list_append are "not allowed" here.
            defer("misusedFunction", ExpressionErrors.functionMisused(kind, name));
            return new Call(name, arguments, false);
        }
        Integer count = CONDITION_FUNCTIONS.get(name);
        if (count == null) {
            defer("unknownFunction", ExpressionErrors.unknownFunction(kind, name));
            return new Call(name, arguments, false);
        }
        if (count != arguments.size()) {
            defer("operandCount", ExpressionErrors.operandCount(kind, name, arguments.size()));
            return new Call(name, arguments, false);
        }
        checkDistinct(name, arguments);
        switch (name) {
            case "attribute_exists", "attribute_not_exists" -> {
                if (!(arguments.get(0) instanceof Operand.Path)) {
                    defer("function", ExpressionErrors.requiresPath(kind, name));
                }
            }
            case "attribute_type" -> {
                Operand type = arguments.get(1);
                String typeOfType = type.staticType();
                if (!"S".equals(typeOfType)) {
                    // An operand whose type only the item could tell is named by the set of all types.
                    defer("function", ExpressionErrors.operandType(kind, name,
                            typeOfType == null ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : typeOfType));
                } else if (type instanceof Operand.Value value && value.value() instanceof AttributeValue.S s
                        && !ATTRIBUTE_TYPES.contains(s.value())) {
                    defer("function", ExpressionErrors.invalidTypeName(kind, s.value()));
                }
            }
            case "begins_with" -> {
                for (Operand argument : arguments) {
                    String type = argument.staticType();
                    if (type != null && !type.equals("S") && !type.equals("B")) {
                        defer("function", ExpressionErrors.operandType(kind, name, type));
                        break;
                    }
                }
            }
            case "size" -> {
                String type = arguments.get(0).staticType();
                if ("N".equals(type) || "BOOL".equals(type) || "NULL".equals(type)) {
                    // size(:v) of a number (Alternator test_update_condition_size quotes the message), size(size(a)).
                    defer("function", ExpressionErrors.operandType(kind, name, type));
                }
            }
            default -> {
                // contains: any operands.
            }
        }
        return new Call(name, arguments, true);
    }

    /** A function other than size() cannot be an operand (dynalite checkMisusedFunction). */
    private void checkMisusedArguments(List<Operand> arguments) {
        for (Operand argument : arguments) {
            if (argument instanceof Operand.Refused refused && !refused.function().equals("size")) {
                defer("misusedFunction", ExpressionErrors.functionMisused(kind, refused.function()));
                return;
            }
        }
    }

    /**
     * Two operands that are the same path are refused (dynalite test/scan.js: {@code a = a}, {@code
     * contains(ab.bc[1].a, ab.bc[1].#a)}; two values such as {@code :a > :a} are accepted).
     */
    private void checkDistinct(String operator, List<Operand> operands) {
        if (operands.size() == 2 && operands.get(0) instanceof Operand.Path first
                && operands.get(1) instanceof Operand.Path second && first.path().equals(second.path())) {
            defer("distinct", ExpressionErrors.sameOperand(kind, operator, first.path()));
        }
    }

    private void checkBetweenBounds(Operand lower, Operand upper) {
        if (lower instanceof Operand.Value low && upper instanceof Operand.Value high && low.value() != null
                && high.value() != null) {
            if (!low.value().type().equals(high.value().type())) {
                defer("function", ExpressionErrors.betweenTypes(kind, low.value(), high.value()));
                return;
            }
            Integer order = Values.compare(low.value(), high.value());
            if (order != null && order > 0) {
                defer("function", ExpressionErrors.betweenBounds(kind, low.value(), high.value()));
            }
        }
    }

    // ---------------------------------------------------------------- update

    ParsedUpdate parseUpdate() {
        mode = Mode.UPDATE;
        List<ParsedUpdate.Action> actions = new ArrayList<>();
        Set<String> clauses = new HashSet<>();
        do {
            Token token = peek();
            String clause = token.type() == Token.Type.IDENTIFIER ? token.text().toUpperCase(Locale.ROOT) : "";
            if (!CLAUSES.contains(clause)) {
                throw syntaxError();
            }
            next();
            do {
                actions.add(parseAction(clause));
            } while (acceptSymbol(","));
            if (!clauses.add(clause)) {
                defer("section", ExpressionErrors.clauseRepeated(clause));
            }
        } while (peek().type() != Token.Type.END);
        checkOverlaps(actions.stream().map(ParsedUpdate.Action::path).toList());
        finish();
        return new ParsedUpdate(actions);
    }

    private ParsedUpdate.Action parseAction(String clause) {
        DocumentPath path = parsePath();
        switch (clause) {
            case "SET" -> {
                expectSymbol("=");
                return new ParsedUpdate.Set(path, parseSetValue());
            }
            case "REMOVE" -> {
                return new ParsedUpdate.Remove(path);
            }
            default -> {
                if (peek().type() != Token.Type.VALUE_PLACEHOLDER) {
                    throw syntaxError();
                }
                AttributeValue value = parseValue().value();
                if (value != null) {
                    boolean set = value instanceof AttributeValue.SS || value instanceof AttributeValue.NS
                            || value instanceof AttributeValue.BS;
                    boolean number = value instanceof AttributeValue.N;
                    if (!set && !(number && clause.equals("ADD"))) {
                        defer("actionOperand", ExpressionErrors.actionOperandType(clause, value));
                    }
                }
                return clause.equals("ADD") ? new ParsedUpdate.Add(path, value) : new ParsedUpdate.Delete(path, value);
            }
        }
    }

    /** {@code value}, {@code value + value}, {@code value - value}, or one of them in parentheses. */
    private Operand parseSetValue() {
        if (peek().isSymbol("(") && closing[position] >= 0) {
            Token after = tokens.get(closing[position] + 1);
            if (!after.isSymbol("+") && !after.isSymbol("-")) {
                next();
                Operand value = parseArithmetic();
                expectSymbol(")");
                return value;
            }
        }
        return parseArithmetic();
    }

    private Operand parseArithmetic() {
        Operand left = parseUpdateOperand();
        Token token = peek();
        if (token.isSymbol("+") || token.isSymbol("-")) {
            next();
            countOperator();
            Operand right = parseUpdateOperand();
            for (Operand operand : List.of(left, right)) {
                if (operand instanceof Operand.Value value && value.value() != null
                        && !(value.value() instanceof AttributeValue.N)) {
                    // Alternator test_update_expression_plus_basic quotes "operator or function: +, operand type: S".
                    defer("function", ExpressionErrors.operandType(kind, token.text(), value.value().type()));
                    break;
                }
            }
            return new Operand.Arithmetic(left, token.isSymbol("+"), right);
        }
        return left;
    }

    private Operand parseUpdateOperand() {
        Token token = peek();
        if (token.type() == Token.Type.VALUE_PLACEHOLDER) {
            return parseValue();
        }
        if (token.isSymbol("(")) {
            next();
            enterParenthesis();
            Operand inner = parseUpdateOperand();
            expectSymbol(")");
            depth--;
            return inner;
        }
        if (isFunctionCall()) {
            Call call = parseCall(this::parseUpdateOperand);
            if (!call.valid()) {
                return new Operand.Refused(call.name());
            }
            List<Operand> arguments = call.arguments();
            if (call.name().equals("if_not_exists")) {
                return new Operand.IfNotExists(((Operand.Path) arguments.get(0)).path(), arguments.get(1));
            }
            return new Operand.ListAppend(arguments.get(0), arguments.get(1));
        }
        return new Operand.Path(parsePath());
    }

    /**
     * The checks dynalite's updateParser.pegjs makes of a function call (checkFunction), in its order. In an
     * update expression a function counts towards the 300 "operators or functions" (ServiceQuotas).
     */
    private Call checkUpdateFunction(String name, List<Operand> arguments) {
        countOperator();
        Integer count = UPDATE_FUNCTIONS.get(name);
        if (count == null) {
            // dynalite: an update expression knows only if_not_exists and list_append.
            defer("unknownFunction", ExpressionErrors.unknownFunction(kind, name));
            return new Call(name, arguments, false);
        }
        if (count != arguments.size()) {
            defer("function", ExpressionErrors.operandCount(kind, name, arguments.size()));
            return new Call(name, arguments, false);
        }
        if (name.equals("if_not_exists")) {
            if (!(arguments.get(0) instanceof Operand.Path)) {
                defer("function", ExpressionErrors.requiresPath(kind, name));
                return new Call(name, arguments, false);
            }
            return new Call(name, arguments, true);
        }
        for (Operand argument : arguments) {
            if (argument instanceof Operand.ListAppend) {
                // Alternator test_update_expression_function_nesting: list_append(list_append(...), ...) is
                // refused with "The function is not allowed to be used this way in an expression".
                defer("misusedFunction", ExpressionErrors.functionMisused(kind, name));
                return new Call(name, arguments, false);
            }
            if (argument instanceof Operand.Value value && value.value() != null
                    && !(value.value() instanceof AttributeValue.L)) {
                defer("function", ExpressionErrors.operandType(kind, name, value.value().type()));
                return new Call(name, arguments, false);
            }
        }
        return new Call(name, arguments, true);
    }

    // ---------------------------------------------------------------- projection

    List<DocumentPath> parseProjection() {
        mode = Mode.PROJECTION;
        List<DocumentPath> paths = new ArrayList<>();
        do {
            paths.add(parsePath());
        } while (acceptSymbol(","));
        checkOverlaps(paths);
        finish();
        return paths;
    }

    // ---------------------------------------------------------------- shared

    /**
     * Notes two paths where one contains the other ("overlap") or where one indexes a list and the other a
     * map at the same place ("conflict"); each path is compared with those before it, as dynalite does.
     */
    private void checkOverlaps(List<DocumentPath> paths) {
        for (int j = 1; j < paths.size(); j++) {
            for (int i = 0; i < j; i++) {
                DocumentPath one = paths.get(i);
                DocumentPath two = paths.get(j);
                if (one.conflictsWith(two)) {
                    defer("conflict", ExpressionErrors.conflict(kind, one, two));
                } else if (one.isPrefixOf(two) || two.isPrefixOf(one)) {
                    defer("overlap", ExpressionErrors.overlap(kind, one, two));
                }
            }
        }
    }

    DocumentPath parsePath() {
        List<DocumentPath.Element> elements = new ArrayList<>();
        elements.add(new DocumentPath.Key(parseName()));
        return parsePathSteps(elements);
    }

    private DocumentPath parsePathSteps(List<DocumentPath.Element> elements) {
        while (true) {
            if (acceptSymbol(".")) {
                elements.add(new DocumentPath.Key(parseName()));
            } else if (acceptSymbol("[")) {
                Token index = peek();
                if (index.type() != Token.Type.NUMBER) {
                    throw syntaxError();
                }
                next();
                int value;
                try {
                    value = Integer.parseInt(index.text());
                } catch (NumberFormatException e) {
                    value = Integer.MAX_VALUE;
                }
                expectSymbol("]");
                elements.add(new DocumentPath.Index(value));
            } else {
                break;
            }
        }
        if (elements.size() > DocumentPath.MAX_DEPTH) {
            throw ExpressionErrors.tooDeep(kind, elements.size());
        }
        return new DocumentPath(elements);
    }

    private String parseName() {
        Token token = peek();
        if (token.type() == Token.Type.IDENTIFIER && !mode.keywords.contains(token.text().toUpperCase(Locale.ROOT))) {
            next();
            if (ReservedWords.isReserved(token.text())) {
                defer("reserved", ExpressionErrors.reservedWord(kind, token.text()));
            }
            return token.text();
        }
        if (token.type() == Token.Type.NAME_PLACEHOLDER) {
            next();
            String name = attributes.name(token.text());
            if (name == null) {
                defer("attrName", ExpressionErrors.undefinedName(kind, token.text()));
                defer("attrNameVal", ExpressionErrors.undefinedName(kind, token.text()));
                return token.text();
            }
            return name;
        }
        throw syntaxError();
    }

    private Operand.Value parseValue() {
        Token token = next();
        AttributeValue value = attributes.value(token.text());
        if (value == null) {
            defer("attrVal", ExpressionErrors.undefinedValue(kind, token.text()));
            defer("attrNameVal", ExpressionErrors.undefinedValue(kind, token.text()));
        }
        return new Operand.Value(token.text(), value);
    }

    private void defer(String category, ValidationException error) {
        deferred.putIfAbsent(category, error);
    }

    private void countOperator() {
        if (++operators > MAX_OPERATORS) {
            throw ExpressionErrors.tooManyOperators(kind, operators);
        }
    }

    private void enterParenthesis() {
        if (++depth > MAX_PARENTHESIS_DEPTH) {
            throw ExpressionErrors.redundantParentheses(kind);
        }
    }

    /** The end of the expression: then the most important error noted on the way, if any. */
    private void finish() {
        if (peek().type() != Token.Type.END) {
            throw syntaxError();
        }
        for (String category : mode.errorOrder) {
            ValidationException error = deferred.get(category);
            if (error != null) {
                throw error;
            }
        }
    }

    private boolean isFunctionCall() {
        return peek().type() == Token.Type.IDENTIFIER && tokens.get(position + 1).isSymbol("(")
                && !mode.keywords.contains(peek().text().toUpperCase(Locale.ROOT));
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        Token token = tokens.get(position);
        if (token.type() != Token.Type.END) {
            position++;
        }
        return token;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            next();
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw syntaxError();
        }
    }

    private void expectKeyword(String keyword) {
        if (!peek().isKeyword(keyword)) {
            throw syntaxError();
        }
        next();
    }

    /**
     * AWS's syntax error names the offending token ({@code <EOF>} at the end) and the text "near" it: from
     * the start of the token before it to the end of the token after it (moto's InvalidTokenException,
     * Alternator's quoted {@code token: "_", near: "SET _123"} and nubo-db's pinned {@code token: "!",
     * near: "!!"} agree).
     */
    private ValidationException syntaxError() {
        Token token = peek();
        int start = position > 0 ? tokens.get(position - 1).start() : 0;
        int end;
        if (token.type() == Token.Type.END) {
            end = text.length();
        } else {
            Token after = tokens.get(position + 1);
            end = after.type() == Token.Type.END ? text.length() : after.end();
        }
        return ExpressionErrors.syntax(kind, token.describe(), text.substring(start, end));
    }
}
