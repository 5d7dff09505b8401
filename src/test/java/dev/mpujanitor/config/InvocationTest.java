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
    void aContinuationOverAnOrganizationResumesInItsAccountEvenFromItsFirstBucket() {
        Invocation invocation = Invocation.fromPayload(Map.of("resumeFrom", "", "account", "222222222222", "chain", 2));

        assertThat(invocation).isEqualTo(new Invocation.Continuation("", java.util.Optional.of("222222222222"), 2));
        assertThat(((Invocation.Continuation) invocation).payload())
                .containsExactly(Map.entry("resumeFrom", ""), Map.entry("account", "222222222222"), Map.entry("chain", 2));
        assertThat(Invocation.fromPayload(((Invocation.Continuation) invocation).payload())).isEqualTo(invocation);
    }

    @Test
    void aContinuationsAccountMustBeAnAccountId() {
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "account", "2222", "chain", 1)))
                .hasMessageContaining("account must be a 12-digit account ID, was '2222'");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "account", 222222222222L, "chain", 1)))
                .hasMessageContaining("account must be a 12-digit account ID");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "", "chain", 1)))
                .as("only a continuation into an account may start at its first bucket").hasMessageContaining("resumeFrom must be a bucket name");
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
