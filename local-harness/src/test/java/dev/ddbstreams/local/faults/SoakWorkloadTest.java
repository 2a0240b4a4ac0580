package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SoakWorkloadTest {

    private static final SoakWorkload WORKLOAD = SoakWorkload.generate(2_000, 200, 4, 20, 10, 2, 99);

    @Test
    void generate_isReproducible_andHasTheAskedSize() {
        SoakWorkload again = SoakWorkload.generate(2_000, 200, 4, 20, 10, 2, 99);
        assertEquals(WORKLOAD.segments(), again.segments());
        assertEquals(2_000, WORKLOAD.tableWrites());
        long creates = WORKLOAD.segments().stream().flatMap(segment -> segment.noteWrites().stream())
                .filter(write -> write.kind() == SoakWorkload.NoteWrite.Kind.CREATE).count();
        assertEquals(200, creates);
    }

    @Test
    void generate_mixesInsertsUpdatesMovesAndDeletes() {
        List<SoakWorkload.TableWrite> writes = WORKLOAD.segments().stream()
                .flatMap(segment -> segment.tableWrites().stream()).toList();
        Set<String> seen = new HashSet<>();
        int updates = 0;
        int moves = 0;
        java.util.Map<String, String> group = new java.util.HashMap<>();
        for (SoakWorkload.TableWrite write : writes) {
            String key = write.table() + "#" + write.key();
            if (write.isDelete()) {
                group.remove(key);
                continue;
            }
            String groupAttribute = write.table().equals(SoakWorkload.GAME_SCORES) ? "Username" : "item";
            String now = write.item().get(groupAttribute).s();
            if (!seen.add(key) && group.containsKey(key)) {
                updates++;
                if (!now.equals(group.get(key))) {
                    moves++;
                }
            }
            group.put(key, now);
        }
        long deletes = writes.stream().filter(SoakWorkload.TableWrite::isDelete).count();
        assertTrue(updates > 300, "updates " + updates);
        assertTrue(moves > 50, "moves " + moves);
        assertTrue(deletes > 150, "deletes " + deletes);
    }

    @Test
    void everyPoisonedItem_isWrittenCleanlyInTheLastSegment() {
        List<SoakWorkload.TableWrite> first = WORKLOAD.segments().get(0).tableWrites();
        List<SoakWorkload.TableWrite> last = WORKLOAD.segments().get(3).tableWrites();
        List<SoakWorkload.TableWrite> poisoned = first.stream().filter(write -> !write.isDelete()
                && write.item().containsKey(SoakWorkload.POISON_ATTRIBUTE)).toList();
        assertEquals(4, poisoned.size());
        for (SoakWorkload.TableWrite poison : poisoned) {
            assertTrue(last.stream().anyMatch(write -> write.table().equals(poison.table())
                    && write.key().equals(poison.key()) && !write.isDelete()
                    && !write.item().containsKey(SoakWorkload.POISON_ATTRIBUTE)), poison.key());
        }
    }

    @Test
    void noteEditsAndDeletes_onlyTouchNotesOfEarlierSegments_andNeverPoisonedOnes() {
        Set<Integer> createdBefore = new HashSet<>();
        for (SoakWorkload.Segment segment : WORKLOAD.segments()) {
            for (SoakWorkload.NoteWrite write : segment.noteWrites()) {
                if (write.kind() != SoakWorkload.NoteWrite.Kind.CREATE) {
                    assertTrue(createdBefore.contains(write.note()), "note " + write.note());
                    assertTrue(write.note() >= 2, "a poisoned note was edited");
                }
            }
            segment.noteWrites().stream().filter(write -> write.kind() == SoakWorkload.NoteWrite.Kind.CREATE)
                    .forEach(write -> createdBefore.add(write.note()));
        }
    }
}
