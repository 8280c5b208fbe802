package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdSeqFileTest {

    @TempDir
    Path dir;

    @Test
    void firstSessionOnAnEmptyDirectoryIsZeroThenCountsUp() throws Exception {
        BdSeqFile file = new BdSeqFile(dir);
        assertEquals(-1, file.last());
        assertEquals(0, file.next());
        assertEquals(1, file.next());
        assertEquals(2, file.next());
        assertEquals(2, file.last());
    }

    @Test
    void wrapsFrom255ToZero() throws Exception {
        BdSeqFile file = new BdSeqFile(dir);
        for (int i = 0; i <= 255; i++) {
            assertEquals(i, file.next());
        }
        assertEquals(0, file.next());
        assertEquals(1, file.next());
    }

    @Test
    void survivesARestart() throws Exception {
        BdSeqFile before = new BdSeqFile(dir);
        before.next();
        before.next();
        assertEquals(1, before.last());

        BdSeqFile afterRestart = new BdSeqFile(dir);
        assertEquals(1, afterRestart.last());
        assertEquals(2, afterRestart.next());
    }

    @Test
    void createsAMissingDataDirectory() throws Exception {
        BdSeqFile file = new BdSeqFile(dir.resolve("not/there/yet"));
        assertEquals(0, file.next());
        assertEquals(1, new BdSeqFile(dir.resolve("not/there/yet")).next());
    }

    @Test
    void aNumberGivenBackIsTheNextOneAgain() throws Exception {
        BdSeqFile file = new BdSeqFile(dir);
        file.next();
        file.next();
        int unused = file.next();
        assertEquals(2, unused);
        file.giveBack(unused);
        assertEquals(2, new BdSeqFile(dir).next(), "the given-back number is used by the next session, also after a restart");
        assertEquals(3, file.next());
    }

    @Test
    void givingBackZeroOnAFreshDirectoryStartsAgainAtZero() throws Exception {
        BdSeqFile file = new BdSeqFile(dir);
        int first = file.next();
        assertEquals(0, first);
        file.giveBack(first);
        assertEquals(0, file.next());
    }

    @Test
    void givingBackAfterTheWrapGivesTheSameNumber() throws Exception {
        Files.writeString(dir.resolve("sparkplug-bdseq"), "254", StandardCharsets.US_ASCII);
        BdSeqFile file = new BdSeqFile(dir);
        assertEquals(255, file.next());
        assertEquals(0, file.next());
        file.giveBack(0);
        assertEquals(0, file.next());
    }

    @Test
    void aFileThatIsNotANumberCountsAsNoPreviousSession() throws Exception {
        Files.writeString(dir.resolve("sparkplug-bdseq"), "garbage\n", StandardCharsets.US_ASCII);
        BdSeqFile file = new BdSeqFile(dir);
        assertEquals(-1, file.last());
        assertEquals(0, file.next());
        assertEquals(1, file.next());
    }

    @Test
    void aNumberOutOfRangeCountsAsNoPreviousSession() throws Exception {
        Files.writeString(dir.resolve("sparkplug-bdseq"), "300", StandardCharsets.US_ASCII);
        assertEquals(0, new BdSeqFile(dir).next());
        Files.writeString(dir.resolve("sparkplug-bdseq"), "-5", StandardCharsets.US_ASCII);
        assertEquals(0, new BdSeqFile(dir).next());
    }

    @Test
    void anEmptyFileCountsAsNoPreviousSession() throws Exception {
        Files.writeString(dir.resolve("sparkplug-bdseq"), "", StandardCharsets.US_ASCII);
        assertEquals(0, new BdSeqFile(dir).next());
    }

    @Test
    void toleratesSurroundingWhitespaceWrittenByHand() throws Exception {
        Files.writeString(dir.resolve("sparkplug-bdseq"), " 41 \n", StandardCharsets.US_ASCII);
        assertEquals(42, new BdSeqFile(dir).next());
    }
}
