package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A parsed update expression and how it changes an item.
 *
 * <p>Every SET value is computed from the item as it was before the update (DynamoDB reads the old item:
 * Alternator's test_update_expression_set_copy records that {@code SET x = :v, y = x} copies the old x).
 * Paths never overlap (refused at parse time), so the order of the actions matters only inside one list:
 * SET, ADD and DELETE apply before REMOVE, and all their indexes refer to the list as it was (Alternator's
 * test_update_expression_nested_remove_list_item_original_number records that {@code REMOVE a[1] SET a[3] = :v}
 * turns [2, 3, 4, 5, 6, 7] into [2, 4, 17, 6, 7] whatever the order written).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 */
final class ParsedUpdate implements UpdateExpression {

    /** One action of a clause. */
    sealed interface Action {
        DocumentPath path();
    }

    /** {@code SET path = value}. */
    record Set(DocumentPath path, Operand value) implements Action {
    }

    /** {@code REMOVE path}. */
    record Remove(DocumentPath path) implements Action {
    }

    /** {@code ADD path :value} (a number or a set). */
    record Add(DocumentPath path, AttributeValue value) implements Action {
    }

    /** {@code DELETE path :set}. */
    record Delete(DocumentPath path, AttributeValue value) implements Action {
    }

    private final List<Action> actions;

    ParsedUpdate(List<Action> actions) {
        this.actions = List.copyOf(actions);
    }

    @Override
    public java.util.Set<String> topLevelAttributes() {
        java.util.Set<String> names = new LinkedHashSet<>();
        actions.forEach(action -> names.add(action.path().topLevelName()));
        return Collections.unmodifiableSet(names);
    }

    @Override
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        return apply(item, !item.isEmpty());
    }

    @Override
    public Map<String, AttributeValue> applyToAbsentItem(Map<String, AttributeValue> key) {
        return apply(key, false);
    }

    private Map<String, AttributeValue> apply(Map<String, AttributeValue> item, boolean itemExists) {
        List<Set> sets = new ArrayList<>();
        List<Remove> removes = new ArrayList<>();
        for (Action action : actions) {
            if (action instanceof Set set) {
                sets.add(set);
            } else if (action instanceof Remove remove) {
                removes.add(remove);
            }
        }
        // "If you add multiple elements in a single SET operation, the elements are sorted in order by
        // element number" (SET, adding elements to a list): apply SETs in path order, indexes ascending.
        sets.sort(Comparator.comparing(Set::path, (a, b) -> pathOrder(a, b, false)));
        // REMOVE indexes refer to the list before the update: remove the highest first.
        removes.sort(Comparator.comparing(Remove::path, (a, b) -> pathOrder(a, b, true)));
        List<AttributeValue> setValues = new ArrayList<>();
        for (Set set : sets) {
            setValues.add(set.value().evaluateForUpdate(item));
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>(item);
        for (int i = 0; i < sets.size(); i++) {
            AttributeValue value = setValues.get(i);
            result = change(result, sets.get(i).path(), current -> value);
        }
        // ADD and DELETE next: like SET they leave list indexes where they were, so every index still refers
        // to the list as it was before the update when the REMOVEs run last.
        for (Action action : actions) {
            if (action instanceof Add add) {
                result = change(result, add.path(), current -> added(current, add.value()));
            } else if (action instanceof Delete delete) {
                result = change(result, delete.path(), current -> deleted(current, delete.value()));
            }
        }
        // Alternator's test_nested_attribute_remove_from_missing_item records that DynamoDB ignores
        // "REMOVE x.y" when the item does not exist (and refuses it when the item lacks x).
        if (itemExists) {
            for (Remove remove : removes) {
                result = change(result, remove.path(), current -> null);
            }
        }
        return result;
    }

    /**
     * A total order on paths: element by element, map keys before list indexes, keys by name, indexes
     * ascending (or descending when {@code indexesDescending}), a path before the longer paths it leads to.
     */
    private static int pathOrder(DocumentPath a, DocumentPath b, boolean indexesDescending) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            DocumentPath.Element x = a.elements().get(i);
            DocumentPath.Element y = b.elements().get(i);
            int order;
            if (x instanceof DocumentPath.Key xk && y instanceof DocumentPath.Key yk) {
                order = xk.name().compareTo(yk.name());
            } else if (x instanceof DocumentPath.Index xi && y instanceof DocumentPath.Index yi) {
                order = indexesDescending ? Integer.compare(yi.position(), xi.position())
                        : Integer.compare(xi.position(), yi.position());
            } else {
                order = x instanceof DocumentPath.Key ? -1 : 1;
            }
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * ADD: a number is added to a number (a missing attribute counts as 0); a set's elements are added to a
     * set of the same type (a missing attribute counts as an empty set); anything else has the wrong type.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD">ADD</a>
     */
    private static AttributeValue added(AttributeValue current, AttributeValue value) {
        if (current == null) {
            return value;
        }
        if (current instanceof AttributeValue.N a && value instanceof AttributeValue.N b) {
            return new AttributeValue.N(a.value().add(b.value()));
        }
        if (current instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
            java.util.Set<String> union = new LinkedHashSet<>(a.values());
            union.addAll(b.values());
            return new AttributeValue.SS(union);
        }
        if (current instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
            java.util.Set<BigDecimal> union = new LinkedHashSet<>(a.values());
            union.addAll(b.values());
            return new AttributeValue.NS(union);
        }
        if (current instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
            java.util.Set<AttributeValue.B> union = new LinkedHashSet<>(a.values());
            union.addAll(b.values());
            return new AttributeValue.BS(union);
        }
        throw ExpressionErrors.incorrectDataType();
    }

    /**
     * DELETE: removes the value's elements from a set of the same type; a set left empty removes the
     * attribute; a missing attribute is left missing.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.DELETE">DELETE</a>
     */
    private static AttributeValue deleted(AttributeValue current, AttributeValue value) {
        if (current == null) {
            return null;
        }
        if (current instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
            java.util.Set<String> rest = new LinkedHashSet<>(a.values());
            rest.removeAll(b.values());
            return rest.isEmpty() ? null : new AttributeValue.SS(rest);
        }
        if (current instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
            java.util.Set<BigDecimal> rest = new LinkedHashSet<>(a.values());
            rest.removeAll(b.values());
            return rest.isEmpty() ? null : new AttributeValue.NS(rest);
        }
        if (current instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
            java.util.Set<AttributeValue.B> rest = new LinkedHashSet<>(a.values());
            rest.removeAll(b.values());
            return rest.isEmpty() ? null : new AttributeValue.BS(rest);
        }
        throw ExpressionErrors.incorrectDataType();
    }

    /**
     * Replaces the value at {@code path} by {@code change(current)} (null removes it; a list element removed
     * shifts the later ones down; an index past the end of a list appends).
     *
     * A parent that is missing or not a container answers "The document path provided in the update
     * expression is invalid for update", for every clause (Alternator's test_nested_attribute_update_bad_path_dot
     * and _array record it for SET and REMOVE); a missing leaf is the change's to handle.
     */
    private static Map<String, AttributeValue> change(Map<String, AttributeValue> item, DocumentPath path,
            UnaryOperator<AttributeValue> change) {
        String name = path.topLevelName();
        AttributeValue current = item.get(name);
        AttributeValue replacement;
        if (path.size() == 1) {
            replacement = change.apply(current);
        } else if (current == null) {
            throw ExpressionErrors.invalidDocumentPath();
        } else {
            replacement = changeInside(current, path, 1, change);
        }
        if (replacement == current) {
            return item;
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>(item);
        if (replacement == null) {
            result.remove(name);
        } else {
            result.put(name, replacement);
        }
        return result;
    }

    private static AttributeValue changeInside(AttributeValue container, DocumentPath path, int depth,
            UnaryOperator<AttributeValue> change) {
        DocumentPath.Element element = path.elements().get(depth);
        boolean last = depth == path.size() - 1;
        if (element instanceof DocumentPath.Key key) {
            if (!(container instanceof AttributeValue.M map)) {
                throw ExpressionErrors.invalidDocumentPath();
            }
            AttributeValue child = map.values().get(key.name());
            AttributeValue replacement;
            if (last) {
                replacement = change.apply(child);
            } else if (child == null) {
                throw ExpressionErrors.invalidDocumentPath();
            } else {
                replacement = changeInside(child, path, depth + 1, change);
            }
            if (replacement == child) {
                return container;
            }
            Map<String, AttributeValue> values = new LinkedHashMap<>(map.values());
            if (replacement == null) {
                values.remove(key.name());
            } else {
                values.put(key.name(), replacement);
            }
            return new AttributeValue.M(values);
        }
        int index = ((DocumentPath.Index) element).position();
        if (!(container instanceof AttributeValue.L list)) {
            throw ExpressionErrors.invalidDocumentPath();
        }
        List<AttributeValue> values = new ArrayList<>(list.values());
        AttributeValue child = index < values.size() ? values.get(index) : null;
        AttributeValue replacement;
        if (last) {
            replacement = change.apply(child);
        } else if (child == null) {
            throw ExpressionErrors.invalidDocumentPath();
        } else {
            replacement = changeInside(child, path, depth + 1, change);
        }
        if (replacement == child) {
            return container;
        }
        if (child == null) {
            values.add(replacement);
        } else if (replacement == null) {
            values.remove(index);
        } else {
            values.set(index, replacement);
        }
        return new AttributeValue.L(values);
    }
}
