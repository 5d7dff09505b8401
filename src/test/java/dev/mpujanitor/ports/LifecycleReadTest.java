package dev.mpujanitor.ports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.policy.BucketLifecycle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a second read of a bucket's configuration counts as the first: only when S3 sent the very same. */
class LifecycleReadTest {

    private static final String ONE_RULE = "<LifecycleConfiguration><Rule><ID>logs</ID><Status>Enabled</Status></Rule></LifecycleConfiguration>";

    private static LifecycleRead read(String body, String transitionMinimumSize) {
        return new LifecycleRead(BucketLifecycle.of(List.of(), transitionMinimumSize), RoundTrip.NOTHING_TO_LOSE,
                Optional.of(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer()));
    }

    @Test
    void theSameBytesAreNoChange() {
        assertThat(read(ONE_RULE, null).unchangedSince(read(ONE_RULE, null))).isTrue();
    }

    /** The model parses both alike, and drops what it does not know: only the bytes tell them apart. */
    @Test
    void anyDifferenceInTheBodyIsAChange() {
        String withAnElementTheSdkDrops = ONE_RULE.replace("</Rule>", "<ExpireAfterLastAccess><Days>9</Days></ExpireAfterLastAccess></Rule>");

        assertThat(read(withAnElementTheSdkDrops, null).unchangedSince(read(ONE_RULE, null))).isFalse();
    }

    @Test
    void aChangedTransitionMinimumSizeIsAChangeThoughTheBodyIsTheSame() {
        assertThat(read(ONE_RULE, "varies_by_storage_class").unchangedSince(read(ONE_RULE, "all_storage_classes_128K"))).isFalse();
    }

    @Test
    void aConfigurationWhereThereWasNoneIsAChange() {
        assertThat(read(ONE_RULE, null).unchangedSince(LifecycleRead.none())).isFalse();
        assertThat(LifecycleRead.none().unchangedSince(read(ONE_RULE, null))).isFalse();
        assertThat(LifecycleRead.none().unchangedSince(LifecycleRead.none())).isTrue();
    }
}
