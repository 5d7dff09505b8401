package dev.mpujanitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvocationTest {

    @Test
    void theSchedulesEventRunsAWholeScan() {
        Map<String, Object> scheduled = Map.of("version", "0", "id", "x", "detail-type", "Scheduled Event", "source", "aws.events",
                "account", "123456789012", "time", "2026-11-25T06:00:00Z", "region", "us-east-1", "resources", java.util.List.of(), "detail", Map.of());

        assertThat(Invocation.fromPayload(scheduled)).isEqualTo(new Invocation.Scan());
    }

    @Test
    void anEmptyOrMissingPayloadRunsAWholeScan() {
        assertThat(Invocation.fromPayload(Map.of())).isEqualTo(new Invocation.Scan());
        assertThat(Invocation.fromPayload(null)).isEqualTo(new Invocation.Scan());
    }

    @Test
    void aContinuationResumesFromItsBucket() {
        Invocation invocation = Invocation.fromPayload(Map.of("resumeFrom", "logs-2024", "chain", 3));

        assertThat(invocation).isEqualTo(new Invocation.Continuation("logs-2024", 3));
        assertThat(invocation.chain()).isEqualTo(3);
        assertThat(((Invocation.Continuation) invocation).payload()).containsEntry("resumeFrom", "logs-2024").containsEntry("chain", 3);
    }

    @Test
    void unknownFieldsAreRejectedByName() {
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "chain", 1, "force", true)))
                .isInstanceOf(Invocation.InvalidInvocationException.class).hasMessageContaining("[force]");
    }

    @Test
    void badContinuationValuesAreRejected() {
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "chain", 0))).hasMessageContaining("chain must be between 1 and 8");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "chain", 9))).hasMessageContaining("chain must be between 1 and 8");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "chain", "2"))).hasMessageContaining("chain must be a whole number");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "", "chain", 1))).hasMessageContaining("resumeFrom must be a bucket name");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", 7, "chain", 1))).hasMessageContaining("resumeFrom must be a bucket name, was 7");
        Map<String, Object> noName = new HashMap<>();
        noName.put("chain", 1);
        assertThatThrownBy(() -> Invocation.fromPayload(noName)).hasMessageContaining("resumeFrom must be a bucket name, was absent");
    }
}
